package dev.lazybuild.cli.app;

import dev.lazybuild.fetch.Host;
import dev.lazybuild.fetch.LazybuildException;
import dev.lazybuild.vfs.fuse.MountTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The private per-build directories under {@code /run/lazybuild} (root) or
 * {@code $XDG_RUNTIME_DIR/lazybuild}: {@code <pid>-<start>/mnt} is a build's mount point.
 * The directory name records the owning process, so the next run can tell a dead build's
 * leftovers (a stale FUSE mount after kill -9) from a live build's and clean them up.
 */
public final class RuntimeDir {
    private final Path base;

    RuntimeDir(Path base) {
        this.base = base;
    }
public 
    static RuntimeDir forCurrentUser(Map<String, String> env) {
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
        return new RuntimeDir(Path.of(System.getProperty("java.io.tmpdir"), "lazybuild-" + System.getProperty("user.name")));
    }
public 
    Path base() {
        return base;
    }

    /** A new, empty mount point owned by this process. */
    Path newMountPoint() {
        ProcessHandle me = ProcessHandle.current();
        Path dir = base.resolve(me.pid() + "-" + startSeconds(me) + "-" + System.nanoTime());
        try {
            Files.createDirectories(dir.resolve("mnt"));
        } catch (IOException e) {
            throw new LazybuildException(LazybuildException.Kind.CONFIG, "cannot create the mount point under " + base
                    + ": " + e.getMessage() + " (set LAZYBUILD_RUNTIME_DIR to a writable directory)", e);
        }
        return dir.resolve("mnt");
    }

    /** Where a build keeps its keyed copy of the Containerfile: beside its mount point. */
    static Path containerfileBeside(Path mountPoint) {
        return mountPoint.resolveSibling("Containerfile");
    }

    /** Removes a mount point directory made by {@link #newMountPoint()} once it is unmounted. */
    static void remove(Path mountPoint) {
        try {
            Files.deleteIfExists(mountPoint);
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
                Path mnt = dir.resolve("mnt");
                // A dead build's overlays (writable output, context) sit on its FUSE mount: detach them first.
                MountTable.mountPoints().stream().filter(p -> p.startsWith(dir.toAbsolutePath()) && !p.equals(mnt.toAbsolutePath()))
                        .sorted(Comparator.reverseOrder()).forEach(MountTable::forceUnmount);
                if (MountTable.isMounted(mnt)) {
                    MountTable.forceUnmount(mnt);
                }
                if (!MountTable.isMounted(mnt)) {
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
