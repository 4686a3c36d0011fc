package dev.lazybuild.fetch;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Removes least recently used files from a store until it fits a size and/or drops files
 * unused for longer than an age. Files that a running build leased are never removed (see
 * {@link Leases}); they still count toward the size. Safe while builds and downloads run:
 * it removes only final names, whose content a download never writes, and partial
 * downloads only when nobody holds their lock and they are older than a day.
 */
public final class GarbageCollector {
    /** A partial download younger than this may still be resumed by the build that left it. */
    private static final Duration PART_KEPT_FOR = Duration.ofDays(1);

    private GarbageCollector() { }

    /**
     * What one run did.
     *
     * @param removed the entries removed, least recently used first
     * @param kept how many entries remain
     * @param keptBytes their total size
     * @param leased how many of the kept ones are leased by running builds
     * @param staleLeases leases of dead processes removed
     * @param partsRemoved abandoned partial downloads removed
     */
    public record Result(List<CacheEntry> removed, int kept, long keptBytes, int leased, int staleLeases,
                         int partsRemoved) {
        public long removedBytes() {
            return removed.stream().mapToLong(CacheEntry::size).sum();
        }
    }

    public static Result collect(Path root, OptionalLong maxBytes, Optional<Duration> olderThan, Instant now) {
        StoreLayout layout = StoreLayout.create(root);
        try {
            return Leases.underGcLock(layout, false, () -> collectLocked(layout, maxBytes, olderThan, now));
        } catch (IOException e) {
            throw new LazybuildException(LazybuildException.Kind.CONFIG,
                    "cannot collect garbage in " + layout.root() + ": " + e.getMessage(), e);
        }
    }

    private static Result collectLocked(StoreLayout layout, OptionalLong maxBytes, Optional<Duration> olderThan,
                                        Instant now) throws IOException {
        Leases.Held held = Leases.held(layout);
        Set<String> leasedKeys = held.keys();
        List<CacheEntry> entries = new ArrayList<>(new StoredObjects(layout.root()).list());
        entries.sort(Comparator.comparing(CacheEntry::lastUse).thenComparing(e -> e.digest().hex()));
        long total = entries.stream().mapToLong(CacheEntry::size).sum();
        Instant cutoff = olderThan.map(now::minus).orElse(Instant.MIN);
        List<CacheEntry> removed = new ArrayList<>();
        int leased = 0;
        for (CacheEntry e : entries) {
            if (leasedKeys.contains(e.digest().storeKey())) {
                leased++;
                continue;
            }
            boolean tooOld = e.lastUse().isBefore(cutoff);
            boolean overSize = maxBytes.isPresent() && total > maxBytes.getAsLong();
            if (tooOld || overSize) {
                try {
                    Files.delete(e.path());
                    removed.add(e);
                    total -= e.size();
                } catch (NoSuchFileException gone) {
                    total -= e.size();
                }
            }
        }
        int parts = removeAbandonedParts(layout, now);
        return new Result(List.copyOf(removed), entries.size() - removed.size(), total, leased, held.staleRemoved(),
                parts);
    }

    private static int removeAbandonedParts(StoreLayout layout, Instant now) throws IOException {
        if (!Files.isDirectory(layout.tmp())) {
            return 0;
        }
        List<Path> parts;
        try (Stream<Path> s = Files.list(layout.tmp())) {
            parts = s.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
        }
        int removed = 0;
        for (Path part : parts) {
            String name = part.getFileName().toString();
            Path lockFile = layout.locks().resolve(name.substring(0, name.length() - ".part".length()) + ".lock");
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock lock = ch.tryLock();
                if (lock == null) {
                    continue; // a download is writing it
                }
                try {
                    if (Files.getLastModifiedTime(part).toInstant().isBefore(now.minus(PART_KEPT_FOR))) {
                        Files.deleteIfExists(part);
                        removed++;
                    }
                } finally {
                    lock.release();
                }
            } catch (OverlappingFileLockException e) {
                // a download in this JVM is writing it
            } catch (NoSuchFileException e) {
                // finished meanwhile
            }
        }
        return removed;
    }
}
