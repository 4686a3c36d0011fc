package dev.lazybuild.vfs.overlay;

import dev.lazybuild.fetch.DaemonThreads;
import dev.lazybuild.fetch.PrerequisiteException;
import dev.lazybuild.fetch.RemoteFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.Out;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * Hears the build open the files a {@link CachedLayer} serves. Those opens never reach FUSE,
 * where lazybuild otherwise learns of them: the summary's counts, the SBOM's
 * {@code lazybuild:opened}, the fetch-ahead record and the object's last use (gc's age) all
 * come from there, so each open heard here is handed to the same opener FUSE calls.
 *
 * <p>inotify, because it needs no privilege and sees every open of an overlay's file, from any
 * mount namespace and through podman's bind mount of it, on a watch on the file's directory in
 * the overlay. The watch must be on the overlay the build opens through (the read-only view, and
 * above it the writable output): overlayfs opens the file of the layer below without notifying.
 *
 * <p>Events are read in batches by one daemon thread every {@value #POLL_MILLIS} ms, and by
 * {@link #drain()}, which a caller runs once the build's processes have exited: the kernel
 * queues an event during the open() itself, so after that every open has been heard. Reads hold
 * this object's lock; nothing else is shared.
 */
public final class LinkedOpens implements AutoCloseable {
    private static final long POLL_MILLIS = 50;
    private static final int IN_OPEN = 0x20;
    private static final int IN_Q_OVERFLOW = 0x4000;
    private static final int IN_NONBLOCK = 04000;
    private static final int IN_CLOEXEC = 02000000;
    private static final int EVENT_HEADER = 16;

    /** The libc calls inotify needs; jnr-ffi (under jnr-fuse) binds them. */
    public interface LibC {
        int inotify_init1(int flags);

        int inotify_add_watch(int fd, String path, int mask);

        @ssize_t long read(int fd, @Out byte[] buffer, @size_t long count);

        int close(int fd);
    }

    private static volatile LibC libc;

    private final int fd;
    private final Map<String, RemoteFile> linked;
    private final Consumer<RemoteFile> opened;
    private final Map<Integer, String> directoryByWatch = new HashMap<>();
    private final byte[] buffer = new byte[64 * 1024];
    private final Thread reader;
    private boolean closed;

    private LinkedOpens(int fd, Map<String, RemoteFile> linked, Consumer<RemoteFile> opened) {
        this.fd = fd;
        this.linked = linked;
        this.opened = opened;
        this.reader = DaemonThreads.create("lazybuild-linked-opens", this::readUntilClosed);
    }

    /**
     * Starts hearing opens of {@code layer}'s files; {@link #watch} says where the build sees them.
     *
     * @param opened told of each open of a linked file (again for each open)
     * @throws PrerequisiteException when inotify is not available (no instance left): the
     *         caller must not use the layer then, since its opens would go unheard
     */
    public static LinkedOpens start(CachedLayer layer, Consumer<RemoteFile> opened) {
        int fd = libc().inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        if (fd < 0) {
            throw new PrerequisiteException("cannot start inotify (fs.inotify.max_user_instances reached?)");
        }
        LinkedOpens opens = new LinkedOpens(fd, layer.linked(), opened);
        opens.reader.start();
        return opens;
    }

    /**
     * Watches the directories of the linked files under {@code root}, where the build sees the
     * tree's {@code treePrefix} ("" for the tree's root, {@code output} for a mount of its output).
     *
     * @throws PrerequisiteException when a watch cannot be added (fs.inotify.max_user_watches)
     */
    public synchronized void watch(Path root, String treePrefix) {
        TreeSet<String> directories = new TreeSet<>();
        for (String path : linked.keySet()) {
            String dir = path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "";
            if (treePrefix.isEmpty() || dir.equals(treePrefix) || dir.startsWith(treePrefix + "/")) {
                directories.add(dir);
            }
        }
        for (String dir : directories) {
            String relative = treePrefix.isEmpty() ? dir : dir.substring(Math.min(dir.length(), treePrefix.length() + 1));
            Path watched = relative.isEmpty() ? root : root.resolve(relative);
            int wd = libc().inotify_add_watch(fd, watched.toString(), IN_OPEN);
            if (wd < 0) {
                throw new PrerequisiteException("cannot watch " + watched + " for opens (fs.inotify.max_user_watches reached?)");
            }
            directoryByWatch.put(wd, dir);
        }
    }

    /** Hears every open queued so far; once the build's processes have exited, that is every open. */
    public synchronized void drain() {
        if (closed) {
            return;
        }
        while (true) {
            long n = libc().read(fd, buffer, buffer.length);
            if (n <= 0) {
                return; // EAGAIN: nothing queued
            }
            ByteBuffer events = ByteBuffer.wrap(buffer, 0, (int) n).order(ByteOrder.nativeOrder());
            while (events.remaining() >= EVENT_HEADER) {
                int wd = events.getInt();
                int mask = events.getInt();
                events.getInt(); // cookie
                int length = events.getInt();
                byte[] name = new byte[length];
                events.get(name);
                heard(wd, mask, name);
            }
        }
    }

    private void heard(int wd, int mask, byte[] rawName) {
        if ((mask & IN_Q_OVERFLOW) != 0) {
            // Opens were lost: count every linked file as opened, since a record of what to fetch
            // ahead must hold at least what the build opened.
            linked.values().forEach(opened);
            return;
        }
        String dir = directoryByWatch.get(wd);
        if (dir == null || (mask & IN_OPEN) == 0) {
            return;
        }
        int end = 0;
        while (end < rawName.length && rawName[end] != 0) {
            end++;
        }
        String name = new String(rawName, 0, end, StandardCharsets.UTF_8);
        RemoteFile file = linked.get(dir.isEmpty() ? name : dir + "/" + name);
        if (file != null) {
            try {
                opened.accept(file);
            } catch (RuntimeException e) {
                // the build has its file; only the bookkeeping of this open failed
            }
        }
    }

    private void readUntilClosed() {
        while (true) {
            synchronized (this) {
                if (closed) {
                    return;
                }
            }
            drain();
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Hears what is queued, then stops; call before the watched overlays are unmounted. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            drain();
            closed = true;
            libc().close(fd);
        }
        reader.interrupt();
    }

    private static LibC libc() {
        LibC l = libc;
        if (l == null) {
            l = LibraryLoader.create(LibC.class).load("c");
            libc = l;
        }
        return l;
    }
}
