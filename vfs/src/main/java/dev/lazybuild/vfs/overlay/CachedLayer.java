package dev.lazybuild.vfs.overlay;

import dev.lazybuild.fetch.RemoteFile;
import dev.lazybuild.vfs.tree.FileNode;
import dev.lazybuild.vfs.tree.Tree;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The files of a tree that are already in the store, as a directory of hard links to their
 * verified objects at the paths the tree gives them: the top layer of a read-only overlay over
 * the lazy FUSE tree ({@link #mountOver}). A build then reads a cached file straight from the
 * store's file system, through the page cache it already has, with no round trip through the
 * JVM; FUSE serves only what this layer lacks: files not cached yet, generated ones (repodata,
 * repo files, cachi2.env) and any file that could not be linked.
 *
 * <p>Why links and not a copy or a bind mount per file: a link is made in microseconds, costs no
 * space, and keeps the object's inode alive even if {@code cache gc} unlinks the object's own
 * name meanwhile. It can only be made on the store's file system, which is why the layer lives
 * under the cache root. Overlayfs never writes a lower layer, and a writable overlay above
 * copies a file up before changing it, so the object stays as verified.
 *
 * <p>Nothing unverified enters the layer: a file is linked only when {@link VerifiedObjects}
 * names its object, and only at the size the tree announced (stat() of a FUSE file answered it
 * before the object existed). Whatever it refuses, or cannot link (a store on another file system,
 * {@code fs.protected_hardlinks} refusing another user's file), stays with FUSE, whose open()
 * checks and fails exactly as before.
 */
public final class CachedLayer {
    /**
     * The tree's directory mode (as Konflux's copy of the output), which the overlay shows for a
     * directory this layer has: a non-root USER may create files there through the writable output.
     * Nobody else reaches these directories: the cache's {@code links/} above them is 0700.
     */
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwxrwxrwx");

    private final Path dir;
    private final Map<String, RemoteFile> linked;
    private final long linkedBytes;
    private final Optional<String> unlinkable;

    private CachedLayer(Path dir, Map<String, RemoteFile> linked, long linkedBytes, Optional<String> unlinkable) {
        this.dir = dir;
        this.linked = Collections.unmodifiableMap(linked);
        this.linkedBytes = linkedBytes;
        this.unlinkable = unlinkable;
    }

    /** Names the verified object of a remote file already in the store; empty leaves the file to FUSE. */
    @FunctionalInterface
    public interface VerifiedObjects {
        /**
         * @throws RuntimeException when the object fails a check made before it is exposed (an RPM
         *         whose header is not the one its repodata was written from): the file stays with
         *         FUSE, whose open() runs the same check and reports it
         */
        Optional<Path> object(RemoteFile file);
    }

    /**
     * Links every remote file of {@code tree} whose verified object {@code objects} names into
     * {@code dir}, a new directory (made here) on the store's file system.
     */
    public static CachedLayer link(Tree tree, Path dir, VerifiedObjects objects) throws IOException {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
        Files.setPosixFilePermissions(dir, DIRECTORY);
        Map<String, FileNode> files = new TreeMap<>();
        tree.forEachFile((path, node) -> {
            if (node.remote() != null) {
                files.put(path, node);
            }
        });
        Map<String, RemoteFile> linked = new TreeMap<>();
        long bytes = 0;
        for (Map.Entry<String, FileNode> file : files.entrySet()) {
            FileNode node = file.getValue();
            Optional<Path> object = verifiedAtAnnouncedSize(node, objects);
            if (object.isEmpty()) {
                continue;
            }
            Path link = dir.resolve(file.getKey());
            try {
                makeDirectories(dir, link.getParent());
                Files.createLink(link, object.get());
            } catch (FileSystemException e) {
                if (crossesFileSystems(e)) {
                    return new CachedLayer(dir, linked, bytes,
                            Optional.of("the cache's objects are on another file system than " + dir));
                }
                continue; // this file only (protected_hardlinks, a file of another user's): FUSE serves it
            }
            linked.put(file.getKey(), node.remote());
            bytes += node.size();
        }
        return new CachedLayer(dir, linked, bytes, Optional.empty());
    }

    /**
     * A read-only overlay of this layer over {@code lazyTree} (the FUSE mount) at {@code target}.
     *
     * @throws dev.lazybuild.fetch.PrerequisiteException when the kernel refuses it (no
     *         CAP_SYS_ADMIN, or FUSE as a lower layer): the caller falls back to the FUSE tree alone
     */
    public OverlayMount mountOver(Path lazyTree, Path target) {
        return OverlayMount.readOnly(List.of(dir, lazyTree), target);
    }

    public Path dir() {
        return dir;
    }

    /** The paths, relative to {@code directory} of the tree, of the files linked under it. */
    public Set<String> linkedUnder(String directory) {
        Set<String> under = new java.util.TreeSet<>();
        linked.keySet().stream().filter(p -> p.startsWith(directory + "/"))
                .forEach(p -> under.add(p.substring(directory.length() + 1)));
        return under;
    }

    /** The linked files by their path in the tree. */
    public Map<String, RemoteFile> linked() {
        return linked;
    }

    public long linkedBytes() {
        return linkedBytes;
    }

    /** Why linking stopped before the last file (no file could be linked there), if it did. */
    public Optional<String> unlinkable() {
        return unlinkable;
    }

    private static Optional<Path> verifiedAtAnnouncedSize(FileNode node, VerifiedObjects objects) {
        try {
            Optional<Path> object = objects.object(node.remote());
            if (object.isPresent() && Files.size(object.get()) == node.size()
                    && Files.isRegularFile(object.get(), LinkOption.NOFOLLOW_LINKS)) {
                return object;
            }
        } catch (RuntimeException | IOException e) {
            // refused or gone meanwhile: FUSE serves it and reports what it finds
        }
        return Optional.empty();
    }

    private static void makeDirectories(Path root, Path dir) throws IOException {
        if (dir.equals(root) || Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        makeDirectories(root, dir.getParent());
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
        // The overlay shows the top layer's directory attributes: the umask must not close them to a USER of the build.
        Files.setPosixFilePermissions(dir, DIRECTORY);
    }

    /** EXDEV: every other link into this layer would fail the same way. */
    private static boolean crossesFileSystems(FileSystemException e) {
        String reason = e.getReason();
        return reason != null && reason.contains("cross-device");
    }
}
