package dev.lazybuild.bench;

import dev.lazybuild.vfs.fuse.Mount;
import dev.lazybuild.vfs.tree.Tree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Mounts a tree holding one local file with lazybuild's own FUSE adapter and mount options,
 * so bench/run can time reads through it against bindfs and a direct read. The tree's
 * content is {@link dev.lazybuild.vfs.tree.FileNode.Local}, which takes the same read path as a
 * cached remote file (a FileChannel on the store's object).
 *
 * <p>Usage: {@code MountOneFile FILE MOUNTPOINT}; prints "mounted" when the kernel lists the
 * mount and unmounts when standard input closes.
 */
public final class MountOneFile {
    private MountOneFile() { }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: MountOneFile FILE MOUNTPOINT");
            System.exit(2);
        }
        Path file = Path.of(args[0]).toAbsolutePath();
        Path mountPoint = Path.of(args[1]);
        Tree tree = Tree.builder().addLocal(file.getFileName().toString(), file, Files.size(file), "bench").build();
        try (Mount mount = Mount.mount(tree, mountPoint, remote -> {
            throw new IllegalStateException("no remote files in this tree");
        }, (path, e) -> System.err.println("open failed: " + path + ": " + e))) {
            System.out.println("mounted " + mount.mountPoint());
            System.out.flush();
            // Held until the harness closes our stdin: that is its signal to unmount.
            while (System.in.read() >= 0) {
                continue;
            }
        }
    }
}
