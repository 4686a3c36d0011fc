package dev.lazybuild.cli.konflux;

import dev.lazybuild.fetch.LazybuildException;
import dev.lazybuild.fetch.PrerequisiteException;
import dev.lazybuild.vfs.inject.InjectedFiles;
import dev.lazybuild.vfs.konflux.YumReposD;
import dev.lazybuild.vfs.overlay.OverlayMount;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a Konflux build sees besides the read-only tree, set up in a per-build directory and
 * removed with it:
 * <ul>
 * <li>{@code <target>/output} writable, by every user as Konflux's copy is: an overlay of the
 *     tree's {@code output/} (the FUSE tree, or the cached view over it) and a per-build upper
 *     directory, one mount for every RUN step (see {@link OverlayMount});</li>
 * <li>{@code /etc/yum.repos.d}: the merged repo files ({@link YumReposD}) in a per-build
 *     directory, writable as Konflux's merged copy is;</li>
 * <li>the build context: when inject-files rewrites files, a read-only overlay of the rewritten
 *     files over the user's context, which is never written.</li>
 * </ul>
 * Overlays need root. Rootless, the output stays read-only (a notice says so) and the context
 * with rewritten files is a copy.
 */
public final class KonfluxMounts implements AutoCloseable {
    private final List<OverlayMount> overlays = new ArrayList<>();
    private final List<String> volumes = new ArrayList<>();
    private final List<String> notices = new ArrayList<>();
    private final Path dir;
    private Path context;
    private Path writableOutput;

    private KonfluxMounts(Path dir, Path context) {
        this.dir = dir;
        this.context = context;
    }

    /**
     * @param dir an empty per-build directory on a file system that takes overlay upper layers (not tmpfs-on-FUSE)
     * @param tree the FUSE mount point (its {@code output/} is Hermeto's output)
     * @param mountTarget where the build sees the tree ({@code /cachi2})
     * @param repos the merged yum.repos.d, if the build has RPM inputs
     * @param injected rewritten files by path in the context ({@link InjectedFiles#of})
     * @param context the user's build context
     * @param overlays whether this process may mount overlays (root)
     */
    public static KonfluxMounts open(Path dir, Path tree, String mountTarget, Optional<YumReposD> repos,
            Map<String, byte[]> injected, Path context, boolean overlays) {
        return open(dir, tree, mountTarget, repos, injected, context, overlays, Set.of());
    }

    /**
     * As {@link #open(Path, Path, String, Optional, Map, Path, boolean)}, over a tree in which
     * {@code readOnlyFiles} (relative to {@code output/}: the cached view's links) show the
     * cache's read-only mode: in the writable output they are opened to every user, as the rest.
     */
    public static KonfluxMounts open(Path dir, Path tree, String mountTarget, Optional<YumReposD> repos,
            Map<String, byte[]> injected, Path context, boolean overlays, Set<String> readOnlyFiles) {
        KonfluxMounts m = new KonfluxMounts(dir, context);
        try {
            m.output(tree, mountTarget, overlays, readOnlyFiles);
            if (repos.isPresent()) {
                m.yumReposD(repos.get());
            }
            if (!injected.isEmpty()) {
                m.context(injected, context, overlays);
            }
            return m;
        } catch (RuntimeException e) {
            m.close();
            throw e;
        } catch (IOException e) {
            m.close();
            throw new LazybuildException(LazybuildException.Kind.CONFIG, "cannot set up " + dir + ": " + e.getMessage(), e);
        }
    }

    /** {@code --volume} arguments to add after the tree's own volume. */
    public List<String> volumes() {
        return List.copyOf(volumes);
    }

    /** The build context podman should use: the user's, or the one with the rewritten files. */
    public Path context() {
        return context;
    }

    /** The writable {@code output/} the build sees, when it could be mounted. */
    public Optional<Path> writableOutput() {
        return Optional.ofNullable(writableOutput);
    }

    public List<String> notices() {
        return List.copyOf(notices);
    }

    private void output(Path tree, String mountTarget, boolean canOverlay, Set<String> readOnlyFiles) throws IOException {
        String readOnly = mountTarget + "/output is read-only: a writable output needs an overlay mount, which needs root";
        if (!canOverlay) {
            notices.add(readOnly);
            return;
        }
        Path upper = Files.createDirectories(dir.resolve("output-upper"));
        // The overlay's root takes the upper directory's mode; the rest shows the tree's (rw for everyone,
        // as Konflux's copy of the output), so that any USER of the Containerfile may write there.
        Files.setPosixFilePermissions(upper, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path work = Files.createDirectories(dir.resolve("output-work"));
        Path merged = Files.createDirectories(dir.resolve("output"));
        try {
            overlays.add(writableOpenToEveryone(tree.resolve("output"), upper, work, merged, readOnlyFiles));
        } catch (PrerequisiteException e) {
            notices.add(readOnly + " (" + e.getMessage() + ")");
            return;
        }
        writableOutput = merged;
        volume(merged, mountTarget + "/output", null);
    }

    /**
     * The writable output, with {@code readOnlyFiles} made rw for everyone in it: a hard link
     * cannot take another mode than its object's (0444, which stays), so the mode changes in the
     * overlay, where metacopy copies up the attributes only (a 256 MiB file stays where it is).
     * A kernel without metacopy gets the overlay without the change, and a notice.
     */
    private OverlayMount writableOpenToEveryone(Path lower, Path upper, Path work, Path merged, Set<String> readOnlyFiles)
            throws IOException {
        if (readOnlyFiles.isEmpty()) {
            return OverlayMount.writable(lower, upper, work, merged);
        }
        OverlayMount overlay;
        try {
            overlay = OverlayMount.writable(lower, upper, work, merged, true);
        } catch (PrerequisiteException e) {
            notices.add("cached files under the output keep the cache's read-only mode, so a non-root USER cannot"
                    + " write into them (only replace them): " + e.getMessage());
            return OverlayMount.writable(lower, upper, work, merged);
        }
        try {
            for (String file : readOnlyFiles) {
                Files.setPosixFilePermissions(merged.resolve(file), PosixFilePermissions.fromString("rw-rw-rw-"));
            }
        } catch (IOException | RuntimeException e) {
            overlay.close();
            throw e;
        }
        return overlay;
    }

    private void yumReposD(YumReposD repos) throws IOException {
        Path reposD = Files.createDirectories(dir.resolve("yum.repos.d"));
        for (Map.Entry<String, byte[]> f : repos.files().entrySet()) {
            Files.write(reposD.resolve(f.getKey()), f.getValue());
        }
        // As konflux-build-cli: rwx for everyone, so any USER in the Containerfile may add a repo.
        Files.setPosixFilePermissions(reposD, PosixFilePermissions.fromString("rwxrwxrwx"));
        notices.addAll(repos.warnings());
        volume(reposD, "/etc/yum.repos.d", null);
    }

    private void context(Map<String, byte[]> injected, Path original, boolean canOverlay) throws IOException {
        Path rewritten = Files.createDirectories(dir.resolve("injected"));
        InjectedFiles.write(injected, rewritten);
        Path merged = Files.createDirectories(dir.resolve("context"));
        context = merged;
        if (canOverlay) {
            try {
                overlays.add(OverlayMount.readOnly(List.of(rewritten, original.toAbsolutePath()), merged));
                return;
            } catch (PrerequisiteException e) {
                notices.add("the build context with rewritten files is a copy: " + e.getMessage());
            }
        }
        copyTree(original, merged);
        InjectedFiles.write(injected, merged);
    }

    private void volume(Path source, String target, String options) {
        volumes.add("--volume");
        volumes.add(source + ":" + target + (options == null ? "" : ":" + options));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(d).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                Files.copy(f, to.resolve(from.relativize(f).toString()), StandardCopyOption.COPY_ATTRIBUTES,
                        java.nio.file.LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Unmounts the overlays (newest first) and removes the per-build directory's contents. */
    @Override
    public void close() {
        for (int i = overlays.size() - 1; i >= 0; i--) {
            overlays.get(i).close();
        }
        overlays.clear();
        deleteQuietly(dir);
    }

    /** Deletes a tree (never following links), as far as it can: what is left, the next sweep retries. */
    public static void deleteQuietly(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(f);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // Left for the next run's sweep of the runtime directory.
        }
    }
}
