package dev.lazybuild.fetch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Promises by running builds that gc keeps the files they may serve: {@code leases/<pid>-<n>.lease}
 * lists store keys, one a line, and its owner holds an advisory lock on it for as long as the
 * build runs. The kernel drops that lock when the process dies however it dies, so a lease
 * whose lock gc can take belongs to a dead build and is removed.
 *
 * <p>Two races are closed by {@code locks/gc.lock}: a lease is written and locked under a
 * shared lock on it and gc runs under an exclusive one, so gc never mistakes a lease that is
 * being written for a stale one, and never deletes a file of a lease taken after it looked.
 * Record locks belong to the process and Java refuses to take overlapping ones twice in one
 * JVM, so within the JVM the same sections also hold {@link #IN_JVM}.
 */
public final class Leases {
    private static final Object IN_JVM = new Object();
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private Leases() { }

    /** A held lease; closing it releases the files to gc. */
    public static final class Lease implements AutoCloseable {
        private final Path file;
        private final FileChannel channel;
        private final FileLock lock;

        private Lease(Path file, FileChannel channel, FileLock lock) {
            this.file = file;
            this.channel = channel;
            this.lock = lock;
        }

        public Path file() {
            return file;
        }

        @Override
        public void close() {
            try (channel) {
                Files.deleteIfExists(file);
                lock.release();
            } catch (IOException e) {
                // The lock goes with the channel or the process; gc removes a stale file.
            }
        }
    }

    /** Leases {@code digests} in the store at {@code root} until the lease is closed. */
    public static Lease take(Path root, Collection<Digest> digests) {
        StoreLayout layout = StoreLayout.create(root);
        StringBuilder text = new StringBuilder();
        for (Digest d : new HashSet<>(digests)) {
            text.append(d.storeKey()).append('\n');
        }
        Path file = layout.leases().resolve(ProcessHandle.current().pid() + "-" + System.currentTimeMillis()
                + "-" + SEQUENCE.incrementAndGet() + ".lease");
        try {
            return underGcLock(layout, true, () -> {
                FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                try {
                    FileLock lock = AdvisoryLocks.acquire(ch, false);
                    ch.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
                    ch.force(true);
                    return new Lease(file, ch, lock);
                } catch (IOException | RuntimeException e) {
                    ch.close();
                    Files.deleteIfExists(file);
                    throw e;
                }
            });
        } catch (IOException e) {
            throw new LazybuildException(LazybuildException.Kind.CONFIG, "cannot write a lease under "
                    + layout.leases() + ": " + e.getMessage() + " (check the cache directory's permissions)", e);
        }
    }

    /** What live leases hold (store keys), and how many leases of dead processes were removed. */
    record Held(Set<String> keys, int staleRemoved) { }

    /** Reads the live leases and removes those of dead processes. The caller holds the gc lock exclusively. */
    static Held held(StoreLayout layout) throws IOException {
        Set<String> keys = new HashSet<>();
        int stale = 0;
        if (!Files.isDirectory(layout.leases())) {
            return new Held(keys, 0);
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(layout.leases())) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".lease")).toList();
        }
        for (Path f : files) {
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                FileLock probe;
                try {
                    probe = ch.tryLock();
                } catch (OverlappingFileLockException e) {
                    probe = null; // held by a build in this JVM
                }
                if (probe != null) {
                    Files.deleteIfExists(f); // its owner is gone
                    probe.release();
                    stale++;
                    continue;
                }
                keys.addAll(Files.readAllLines(f));
            } catch (NoSuchFileException e) {
                // released meanwhile
            }
        }
        return new Held(keys, stale);
    }

    /** An action that may fail with an IOException. */
    interface IoAction<T> {
        T run() throws IOException;
    }

    @SuppressWarnings("try") // the lock is held by the try block, not used in it
    static <T> T underGcLock(StoreLayout layout, boolean shared, IoAction<T> action) throws IOException {
        synchronized (IN_JVM) {
            try (FileChannel ch = FileChannel.open(layout.gcLock(), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
                 FileLock lock = AdvisoryLocks.acquire(ch, shared)) {
                return action.run();
            }
        }
    }
}
