package dev.lazybuild.vfs.export;

import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.RemoteFile;
import dev.lazybuild.vfs.tree.Directory;
import dev.lazybuild.vfs.tree.FileNode;
import dev.lazybuild.vfs.tree.Node;
import dev.lazybuild.vfs.tree.Tree;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Writes a {@link Tree} as plain files under a directory: what the FUSE mount shows, for a
 * machine where FUSE cannot work ({@code lazybuild prefetch --output DIR}, then
 * {@code podman build --volume DIR:/cachi2:ro}).
 *
 * <p>The directory is updated in place: a file that already holds the right bytes is left
 * alone (so a second run writes nothing), a missing or different one is written to a
 * temporary sibling, checked, then renamed over it, and a file under {@code managedRoot}
 * that the tree no longer has is removed. Downloaded content is copied from the verified
 * store object and hashed again while copied, so a damaged store object never reaches the
 * directory. Copies, not hard links: a hard link would share the store's inode with whatever
 * writes into the directory.
 */
public final class TreeExport {

    /** The verified store object of a downloaded file; the caller has fetched it already. */
    @FunctionalInterface
    public interface StoredObjects {
        /** @throws IOException when the object is not in the store or cannot be read */
        Path verifiedObject(RemoteFile file) throws IOException;
    }

    /** What one export did. */
    public record Result(int written, int unchanged, int removed) { }

    private static final String TEMP_PREFIX = ".lazybuild-export-";

    private TreeExport() { }

    /**
     * @param managedRoot the part of {@code dir} the export owns (relative, e.g. {@code output/deps}):
     *        files there that the tree does not have are removed
     */
    public static Result write(Tree tree, Path dir, String managedRoot, StoredObjects store) throws IOException {
        Path base = dir.toAbsolutePath().normalize();
        createDirectories(base, tree.root());
        Set<Path> wanted = new HashSet<>();
        int[] counts = new int[2];
        IOException[] failure = new IOException[1];
        tree.forEachFile((path, node) -> {
            if (failure[0] != null) {
                return;
            }
            Path target = base.resolve(path);
            wanted.add(target);
            try {
                if (writeIfDifferent(node, target, store)) {
                    counts[0]++;
                } else {
                    counts[1]++;
                }
            } catch (IOException e) {
                failure[0] = e;
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        int removed = removeOthers(base.resolve(managedRoot), wanted);
        return new Result(counts[0], counts[1], removed);
    }

    /**
     * Writes {@code bytes} to {@code target} through a temporary sibling and a rename, unless
     * it holds them already (then it stays untouched, modification time included).
     *
     * @return true when the file had to be written
     */
    public static boolean writeIfChanged(Path target, byte[] bytes) throws IOException {
        Path file = target.toAbsolutePath();
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Files.size(file) == bytes.length
                && Arrays.equals(Files.readAllBytes(file), bytes)) {
            return false;
        }
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), TEMP_PREFIX, ".tmp");
        try {
            write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return true;
    }

    /** Every directory of the tree, empty ones too (an empty deps/pip is part of what the build sees). */
    private static void createDirectories(Path at, Directory directory) throws IOException {
        Files.createDirectories(at);
        for (Node child : directory.children()) {
            if (child instanceof Directory d) {
                createDirectories(at.resolve(d.name()), d);
            }
        }
    }

    /** @return true when the file had to be written */
    private static boolean writeIfDifferent(FileNode node, Path target, StoredObjects store) throws IOException {
        FileNode.Content content = node.content();
        if (content instanceof FileNode.Inline i) {
            return writeIfChanged(target, i.bytes());
        }
        if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) && Files.size(target) == node.size()
                && holds(target, content)) {
            return false;
        }
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), TEMP_PREFIX, ".tmp");
        try {
            if (content instanceof FileNode.Remote r) {
                copyVerified(store.verifiedObject(r.file()), tmp, r.file().digest());
            } else {
                copyVerified(((FileNode.Local) content).path(), tmp, null);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return true;
    }

    /** Whether {@code file} already holds the content (same size checked by the caller). */
    private static boolean holds(Path file, FileNode.Content content) throws IOException {
        if (content instanceof FileNode.Remote r) {
            return hash(file, r.file().digest().algorithm()).equals(r.file().digest());
        }
        return Files.mismatch(file, ((FileNode.Local) content).path()) == -1;
    }

    /** Copies and syncs {@code source}; with {@code expected}, refuses bytes that do not hash to it. */
    private static void copyVerified(Path source, Path tmp, Digest expected) throws IOException {
        MessageDigest hasher = expected == null ? null : expected.algorithm().newHasher();
        try (InputStream in = Files.newInputStream(source);
             FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
             OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                if (hasher != null) {
                    hasher.update(buffer, 0, n);
                }
                out.write(buffer, 0, n);
            }
            out.flush();
            channel.force(true);
        }
        if (hasher != null) {
            Digest actual = new Digest(expected.algorithm(), java.util.HexFormat.of().formatHex(hasher.digest()));
            if (!actual.equals(expected)) {
                throw new IOException(source + " hashes to " + actual + ", not " + expected
                        + ": the cache is damaged; run 'lazybuild cache verify'");
            }
        }
    }

    private static void write(Path tmp, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(java.nio.ByteBuffer.wrap(bytes));
            channel.force(true);
        }
    }

    private static Digest hash(Path file, Digest.Algorithm algorithm) throws IOException {
        MessageDigest hasher = algorithm.newHasher();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                hasher.update(buffer, 0, n);
            }
        }
        return new Digest(algorithm, java.util.HexFormat.of().formatHex(hasher.digest()));
    }

    /** Removes the files below {@code root} that are not in {@code wanted}, left-over temporaries included. */
    private static int removeOthers(Path root, Set<Path> wanted) throws IOException {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        int[] removed = new int[1];
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!wanted.contains(file)) {
                    Files.delete(file);
                    removed[0]++;
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return removed[0];
    }
}
