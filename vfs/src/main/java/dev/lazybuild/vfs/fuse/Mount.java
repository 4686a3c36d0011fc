package dev.lazybuild.vfs.fuse;

import dev.lazybuild.fetch.DaemonThreads;
import dev.lazybuild.fetch.PrerequisiteException;
import dev.lazybuild.vfs.tree.Tree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

/**
 * A read-only FUSE mount of a {@link Tree}. Closing it unmounts; {@link MountTable} finds
 * and removes mounts that a killed process left behind.
 */
public final class Mount implements AutoCloseable {
    /**
     * Why these options: the content is immutable, so the kernel may keep pages and
     * attributes for as long as the mount lives (kernel_cache, long timeouts); large reads
     * cut the number of round trips through the JVM; allow_other lets a non-root USER in
     * the Dockerfile (and rootless podman's user namespace) read.
     */
    static final List<String> OPTIONS = List.of(
            "-o", "ro,allow_other,default_permissions,kernel_cache,max_read=1048576",
            "-o", "attr_timeout=86400,entry_timeout=86400,negative_timeout=86400",
            "-o", "fsname=lazybuild,subtype=lazybuild");
    private static final long READY_TIMEOUT_MS = 15_000;

    private final LazyFileSystem fs;
    private final Path mountPoint;
    private boolean closed;

    private Mount(LazyFileSystem fs, Path mountPoint) {
        this.fs = fs;
        this.mountPoint = mountPoint;
    }

    /**
     * Mounts {@code tree} at {@code mountPoint} (an existing empty directory) and returns once
     * the kernel lists the mount.
     *
     * @param onOpenFailure told of every open() that failed, with the path and the reason
     */
    public static Mount mount(Tree tree, Path mountPoint, ContentOpener opener,
                              BiConsumer<String, RuntimeException> onOpenFailure) {
        if (!Files.exists(Path.of("/dev/fuse"))) {
            throw new PrerequisiteException("/dev/fuse is missing: load the fuse module (modprobe fuse) "
                    + "or, in a container, pass --device /dev/fuse");
        }
        LazyFileSystem fs = new LazyFileSystem(tree, opener, onOpenFailure);
        Path abs = mountPoint.toAbsolutePath();
        // jnr-fuse's non-blocking mount() waits a fixed 2 s for fuse_main to return (it never
        // does while mounted), which cost every build 2 s before podman could start. So the
        // blocking mount runs on a thread of ours and we return as soon as the kernel lists it.
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread loop = DaemonThreads.create("lazybuild-fuse-loop", () -> {
            try {
                fs.mount(abs, true, false, OPTIONS.toArray(String[]::new));
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        loop.start();
        Mount m = new Mount(fs, abs);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MS);
        while (!MountTable.isMounted(abs)) {
            Throwable t = failure.get();
            if (t != null || !loop.isAlive()) {
                m.close();
                if (t instanceof LinkageError) {
                    throw new PrerequisiteException("libfuse2 is missing (libfuse.so.2): install it with "
                            + "'apt-get install libfuse2' or 'dnf install fuse-libs'", t);
                }
                throw new PrerequisiteException("cannot mount FUSE at " + abs + ": "
                        + (t == null ? "the FUSE loop ended" : t.getMessage()) + " (run 'lazybuild doctor')", t);
            }
            if (System.nanoTime() > deadline) {
                m.close();
                throw new PrerequisiteException("the FUSE mount at " + abs + " did not appear within "
                        + READY_TIMEOUT_MS / 1000 + " s; as a non-root user, /etc/fuse.conf needs 'user_allow_other' "
                        + "(run 'lazybuild doctor')");
            }
            sleep(5);
        }
        return m;
    }

    public Path mountPoint() {
        return mountPoint;
    }

    /** Unmounts; safe to call twice and from a shutdown hook. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            fs.umount();
        } catch (RuntimeException e) {
            // jnr-fuse's own unmount failed (fusermount missing or busy): fall back to a lazy detach.
        }
        if (MountTable.isMounted(mountPoint)) {
            MountTable.forceUnmount(mountPoint);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
