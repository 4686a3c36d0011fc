package dev.lazybuild.fetch.store;

import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.LazybuildException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Promises by running builds that gc keeps the entries they may serve: {@code leases/<pid>-<n>.lease}
 * lists store keys of objects ({@code sha256/ab/ab...}) and repodata entries
 * ({@code repodata/<sha256>/<arch>/<repoid>}), one a line, and its owner holds a
 * {@link CrossProcessLock} on it for as long as the build runs. The kernel drops that lock when
 * the process dies however it dies, so a lease whose lock gc can take belongs to a dead build
 * and is removed.
 *
 * <p>Two races are closed by {@code locks/gc.lock}: a lease is written and locked under a
 * shared lock on it and gc runs under an exclusive one, so gc never mistakes a lease that is
 * being written for a stale one, and never deletes an entry of a lease taken after it looked.
 */
public final class Leases {
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private Leases() { }

    /** A held lease; closing it releases the entries to gc. */
    public static final class Lease implements AutoCloseable {
        private final Path file;
        private final Path linkLayer;
        private final CrossProcessLock lock;

        private Lease(Path file, Path linkLayer, CrossProcessLock lock) {
            this.file = file;
            this.linkLayer = linkLayer;
            this.lock = lock;
        }

        public Path file() {
            return file;
        }

        /**
         * Where this build may keep hard links to its leased objects (not made here): it lives
         * as long as the lease, and whoever finds the lease released removes what is left of it.
         */
        public Path linkLayer() {
            return linkLayer;
        }

        @Override
        public void close() {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // gc removes a stale lease file
            } finally {
                lock.close();
            }
        }
    }

    /** Leases {@code digests} in the store at {@code root} until the lease is closed. */
    public static Lease take(Path root, Collection<Digest> digests) {
        return take(root, digests, List.of());
    }

    /**
     * Leases objects and repodata entries (a build's repodata, whose entries gc would otherwise
     * collect by age or size) in the store at {@code root} until the lease is closed.
     */
    public static Lease take(Path root, Collection<Digest> digests, Collection<RepodataKey> repodata) {
        StoreLayout layout = StoreLayout.create(root);
        Set<String> keys = new LinkedHashSet<>();
        digests.forEach(d -> keys.add(d.storeKey()));
        repodata.forEach(k -> keys.add(k.leaseKey()));
        Path file = layout.newLease(SEQUENCE.incrementAndGet());
        try {
            return underGcLock(layout, true, () -> {
                try {
                    Files.write(file, keys, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                            StandardOpenOption.SYNC);
                    return new Lease(file, layout.linkLayer(file), CrossProcessLock.acquire(file, false));
                } catch (IOException | RuntimeException e) {
                    Files.deleteIfExists(file);
                    throw e;
                }
            });
        } catch (IOException e) {
            throw new LazybuildException(LazybuildException.Kind.CONFIG, "cannot write a lease under "
                    + layout.leases() + ": " + e.getMessage() + " (check the cache directory's permissions)", e);
        }
    }

    /** What live leases hold (lease keys), and how many leases of dead processes were removed. */
    record Held(Set<String> keys, int staleRemoved) { }

    /** Reads the live leases and removes those of dead processes. The caller holds the gc lock exclusively. */
    static Held held(StoreLayout layout) throws IOException {
        Set<String> keys = new HashSet<>();
        int stale = 0;
        if (!Files.isDirectory(layout.leases())) {
            return new Held(keys, 0);
        }
        List<Path> files;
        try (var s = Files.list(layout.leases())) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".lease")).toList();
        }
        for (Path f : files) {
            try {
                Optional<CrossProcessLock> probe = CrossProcessLock.tryAcquire(f);
                if (probe.isPresent()) {
                    try (CrossProcessLock gone = probe.get()) {
                        GarbageCollector.deleteTree(layout.linkLayer(f)); // its owner is gone, killed before it cleaned up
                        Files.deleteIfExists(f);
                    }
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

    /**
     * Removes the link layers of builds whose lease is gone or no longer held (a killed build's),
     * so their links stop holding the objects' inodes; returns how many. A live build's layer is
     * never touched: its lease is taken, locked, before its layer is made, and released after.
     */
    public static int sweepStaleLinkLayers(Path root) {
        StoreLayout layout = StoreLayout.of(root);
        int removed = 0;
        try {
            for (Path layer : layout.linkLayers()) {
                Path lease = layout.leaseOf(layer);
                if (Files.exists(lease)) {
                    Optional<CrossProcessLock> probe = CrossProcessLock.tryAcquire(lease);
                    if (probe.isEmpty()) {
                        continue; // its build runs
                    }
                    try (CrossProcessLock gone = probe.get()) {
                        Files.deleteIfExists(lease);
                    }
                }
                GarbageCollector.deleteTree(layer);
                removed++;
            }
        } catch (IOException e) {
            // what is left, the next sweep or 'cache gc' removes
        }
        return removed;
    }

    /** An action that may fail with an IOException. */
    interface IoAction<T> {
        T run() throws IOException;
    }

    static <T> T underGcLock(StoreLayout layout, boolean shared, IoAction<T> action) throws IOException {
        try (CrossProcessLock lock = CrossProcessLock.acquire(layout.gcLock(), shared)) {
            return action.run();
        }
    }
}
