package dev.lazybuild.cli.app;

import dev.lazybuild.fetch.Host;
import dev.lazybuild.fetch.LazybuildException;
import dev.lazybuild.fetch.PrivateDirectory;
import dev.lazybuild.vfs.fuse.MountTable;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The private per-build directories under {@code /run/lazybuild} (root) or
 * {@code $XDG_RUNTIME_DIR/lazybuild}: {@code <pid>-<start>/mnt} is a build's FUSE mount point,
 * {@code view} beside it the overlay of cached files over it.
 * The directory name records the owning process, so the next run can tell a dead build's
 * leftovers (a stale FUSE mount after kill -9) from a live build's and clean them up.
 *
 * <p>Both levels are the user's own and 0700 ({@link PrivateDirectory}): the mount is
 * {@code allow_other} (a {@code USER 1001} step must read it), so only the closed directory
 * above it keeps other local users from reading the tree and triggering downloads with the
 * user's credentials, and from replacing the keyed Containerfile kept beside it. A build's
 * directory is made exclusively (mkdtemp-style), never reused.
 */
public final class RuntimeDir {
    private static final String MNT = "mnt";
    private static final String VIEW = "view";
    private final Path base;

    RuntimeDir(Path base) {
        this.base = base;
    }

    public static RuntimeDir forCurrentUser(Map<String, String> env) {
        String override = env.get("LAZYBUILD_RUNTIME_DIR");
        if (override != null && !override.isBlank()) {
            return new RuntimeDir(Path.of(override));
        }
        if (Host.runsAsRoot()) {
            return new RuntimeDir(Path.of("/run/lazybuild"));
        }
        String xdg = env.get("XDG_RUNTIME_DIR");
        if (xdg != null && !xdg.isBlank()) {
            return new RuntimeDir(Path.of(xdg, "lazybuild"));
        }
        // No runtime directory of the user's: a predictable name in the shared /tmp, which
        // newMountPoint() uses only if it is this user's own private directory.
        return new RuntimeDir(Path.of(System.getProperty("java.io.tmpdir"), "lazybuild-" + Host.uid()));
    }

    public Path base() {
        return base;
    }

    /**
     * A new, empty mount point owned by this process, in a new private directory of its own.
     *
     * @throws LazybuildException when the base is not the user's own private directory
     */
    Path newMountPoint() {
        ProcessHandle me = ProcessHandle.current();
        try {
            Files.createDirectories(base.getParent());
            PrivateDirectory.make(base, false);
            while (true) {
                Path dir = base.resolve(me.pid() + "-" + startSeconds(me) + "-" + System.nanoTime());
                try {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PrivateDirectory.MODE));
                } catch (FileAlreadyExistsException taken) {
                    continue; // someone made it first: never use a directory this call did not create
                }
                return Files.createDirectory(dir.resolve(MNT), PosixFilePermissions.asFileAttribute(PrivateDirectory.MODE));
            }
        } catch (PrivateDirectory.NotPrivate e) {
            throw new LazybuildException(LazybuildException.Kind.CONFIG, "refusing the runtime directory " + base + ": "
                    + e.getMessage() + "; other users could reach the build's mount there (set XDG_RUNTIME_DIR or"
                    + " LAZYBUILD_RUNTIME_DIR to a directory of your own)", e);
        } catch (IOException e) {
            throw new LazybuildException(LazybuildException.Kind.CONFIG, "cannot create the mount point under " + base
                    + ": " + e.getMessage() + " (set LAZYBUILD_RUNTIME_DIR to a writable directory)", e);
        }
    }

    /** Where a build keeps its keyed copy of the Containerfile: beside its mount point, in its private directory. */
    static Path containerfileBeside(Path mountPoint) {
        return mountPoint.resolveSibling("Containerfile");
    }

    /** Where a build mounts its cached view over the FUSE mount point (see {@link CachedView}): beside it. */
    static Path viewBeside(Path mountPoint) {
        return mountPoint.resolveSibling(VIEW);
    }

    /**
     * Removes a mount point directory made by {@link #newMountPoint()} (or the view beside it)
     * once both are unmounted.
     */
    static void remove(Path mountPoint) {
        try {
            Files.deleteIfExists(mountPoint.resolveSibling(VIEW));
            Files.deleteIfExists(mountPoint.resolveSibling(MNT));
            try (Stream<Path> files = Files.list(mountPoint.getParent())) {
                for (Path f : files.toList()) {
                    if (f.getFileName().toString().startsWith("Containerfile")) {
                        Files.deleteIfExists(f);
                    }
                }
            }
            Files.deleteIfExists(mountPoint.getParent());
        } catch (IOException e) {
            // Still mounted or not empty: the next run's sweep retries.
        }
    }

    /** Unmounts and deletes what builds that are no longer running left behind; returns how many. */
    int sweepStale() {
        if (!Files.isDirectory(base)) {
            return 0;
        }
        int cleaned = 0;
        try (Stream<Path> dirs = Files.list(base)) {
            for (Path dir : dirs.sorted(Comparator.naturalOrder()).toList()) {
                if (ownerAlive(dir.getFileName().toString())) {
                    continue;
                }
                Path mnt = dir.resolve(MNT);
                // A dead build's overlays (cached view, writable output, context) sit on its FUSE mount:
                // detach them first, newest first (mountinfo lists mounts in the order they were made).
                List<Path> overlays = new ArrayList<>(MountTable.mountPoints().stream()
                        .filter(p -> p.startsWith(dir.toAbsolutePath()) && !p.equals(mnt.toAbsolutePath())).toList());
                Collections.reverse(overlays);
                overlays.forEach(MountTable::forceUnmount);
                if (MountTable.isMounted(mnt)) {
                    MountTable.forceUnmount(mnt);
                }
                if (!MountTable.isMounted(mnt)) {
                    // The per-build upper and work directories of its overlays go with it.
                    dev.lazybuild.cli.konflux.KonfluxMounts.deleteQuietly(dir.resolve("konflux"));
                    remove(mnt);
                    cleaned++;
                }
            }
        } catch (IOException e) {
            return cleaned;
        }
        return cleaned;
    }

    private static boolean ownerAlive(String dirName) {
        String[] parts = dirName.split("-");
        if (parts.length < 2) {
            return false;
        }
        try {
            long pid = Long.parseLong(parts[0]);
            long start = Long.parseLong(parts[1]);
            Optional<ProcessHandle> p = ProcessHandle.of(pid);
            return p.isPresent() && p.get().isAlive() && startSeconds(p.get()) == start;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * A process's start time in whole seconds (the unit of the directory names, so a running
     * build made by an older lazybuild is still recognised); with the pid it names a process
     * even after its pid is reused.
     */
    private static long startSeconds(ProcessHandle p) {
        return p.info().startInstant().map(i -> i.toEpochMilli() / 1000).orElse(0L);
    }
}
