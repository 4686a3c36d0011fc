package dev.lazybuild.fetch.store;

import dev.lazybuild.fetch.LazybuildException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
 * Removes least recently used entries, objects, repodata and resolutions alike, from a store until it fits
 * a size and/or drops entries unused for longer than an age. Resolutions (pip inputs resolved
 * through their index: small metadata, not content) neither count toward the size nor go for
 * it; only age removes them. Entries that a running build
 * leased are never removed (see {@link Leases}); they still count toward the size. Safe while
 * builds and downloads run: it removes only final names, whose content a download never
 * writes (a repodata entry is first renamed away whole, under its lock, so no reader sees half
 * of one), and partial downloads only when nobody holds their lock and they are older than a day.
 */
public final class GarbageCollector {
    /** A partial download younger than this may still be resumed by the build that left it. */
    private static final Duration PART_KEPT_FOR = Duration.ofDays(1);
    /** How a parsed-lockfile entry's key starts, to count it apart from resolutions. */
    private static final String PARSED = "parsed/";
    private static final String RESOLUTIONS = "resolutions/";

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
     * @param repodataRemoved the repodata entries removed, least recently used first
     * @param resolutionsRemoved how many resolution entries (pip requirements files resolved) were removed
     */
    public record Result(List<CacheEntry> removed, int kept, long keptBytes, int leased, int staleLeases,
                         int partsRemoved, List<RepodataEntry> repodataRemoved, int resolutionsRemoved) {
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

    /** An object, a repodata entry, or a resolution or parsed-lockfile entry (its file), as gc weighs it. */
    private record Candidate(String leaseKey, long size, Instant lastUse, CacheEntry object, RepodataEntry repodata,
                             Path entryFile) { }

    private static Result collectLocked(StoreLayout layout, OptionalLong maxBytes, Optional<Duration> olderThan,
                                        Instant now) throws IOException {
        Leases.Held held = Leases.held(layout);
        Set<String> leasedKeys = held.keys();
        StoredObjects stored = new StoredObjects(layout.root());
        List<Candidate> entries = new ArrayList<>();
        stored.list().forEach(e -> entries.add(new Candidate(e.digest().storeKey(), e.size(), e.lastUse(), e, null, null)));
        stored.repodata().forEach(e -> entries.add(new Candidate(e.key().leaseKey(), e.size(), e.lastUse(), null, e, null)));
        addEntryFiles(entries, RESOLUTIONS, layout.resolutionEntries());
        addEntryFiles(entries, PARSED, layout.parsedEntries());
        entries.sort(Comparator.comparing(Candidate::lastUse).thenComparing(Candidate::leaseKey));
        long total = entries.stream().mapToLong(GarbageCollector::weight).sum();
        Instant cutoff = olderThan.map(now::minus).orElse(Instant.MIN);
        List<CacheEntry> removed = new ArrayList<>();
        List<RepodataEntry> repodataRemoved = new ArrayList<>();
        int resolutionsRemoved = 0;
        int parsedRemoved = 0;
        int leased = 0;
        for (Candidate e : entries) {
            if (leasedKeys.contains(e.leaseKey())) {
                leased++;
                continue;
            }
            boolean tooOld = e.lastUse().isBefore(cutoff);
            boolean overSize = maxBytes.isPresent() && total > maxBytes.getAsLong() && weight(e) > 0;
            if (tooOld || overSize) {
                if (e.object() != null) {
                    try {
                        Files.delete(e.object().path());
                        removed.add(e.object());
                    } catch (NoSuchFileException gone) {
                        // removed meanwhile: it no longer counts either
                    }
                } else if (e.entryFile() != null) {
                    // A reader meanwhile finds it gone and makes it again (asks the index, parses the lockfile).
                    int gone = Files.deleteIfExists(e.entryFile()) ? 1 : 0;
                    if (e.leaseKey().startsWith(PARSED)) {
                        parsedRemoved += gone;
                    } else {
                        resolutionsRemoved += gone;
                    }
                } else if (removeRepodata(layout, e.repodata())) {
                    repodataRemoved.add(e.repodata());
                }
                total -= weight(e);
            }
        }
        int parts = removeAbandonedParts(layout, now);
        return new Result(List.copyOf(removed), entries.size() - removed.size() - repodataRemoved.size() - resolutionsRemoved - parsedRemoved,
                total, leased, held.staleRemoved(), parts, List.copyOf(repodataRemoved), resolutionsRemoved);
    }

    /**
     * What an entry weighs against {@code --max-size}: its size; nothing for a resolution, which
     * is metadata, not content (the few kilobytes that let a build name its files without asking
     * the index): only age removes it, so a layer-cached build after {@code gc --max-size 0}
     * still asks no server anything. A parsed lockfile weighs its size: without it a build parses
     * the lockfile again, which asks no server either.
     */
    private static long weight(Candidate e) {
        return e.leaseKey().startsWith(RESOLUTIONS) ? 0 : e.size();
    }

    private static void addEntryFiles(List<Candidate> entries, String kind, List<Path> files) throws IOException {
        for (Path f : files) {
            try {
                entries.add(new Candidate(kind + f.getFileName(), Files.size(f), Files.getLastModifiedTime(f).toInstant(), null, null, f));
            } catch (NoSuchFileException gone) {
                // removed meanwhile
            }
        }
    }

    /** Renames the entry away under its lock (a build filling it waits), then deletes it. */
    private static boolean removeRepodata(StoreLayout layout, RepodataEntry entry) throws IOException {
        Path away = layout.newTemporary("repodata-removed");
        try (CrossProcessLock lock = CrossProcessLock.acquire(layout.lock(entry.key()), false)) {
            try {
                Files.move(entry.path(), away, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (NoSuchFileException gone) {
                return false;
            }
        }
        deleteTree(away);
        return true;
    }

    /** Deletes a directory tree that nobody else can reach any more. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static int removeAbandonedParts(StoreLayout layout, Instant now) throws IOException {
        int removed = 0;
        for (StoreLayout.Part part : layout.parts()) {
            Optional<CrossProcessLock> free = CrossProcessLock.tryAcquire(part.lock());
            if (free.isEmpty()) {
                continue; // a download is writing it
            }
            try (CrossProcessLock lock = free.get()) {
                if (Files.getLastModifiedTime(part.file()).toInstant().isBefore(now.minus(PART_KEPT_FOR))) {
                    Files.deleteIfExists(part.file());
                    removed++;
                }
            } catch (NoSuchFileException e) {
                // finished meanwhile
            }
        }
        return removed;
    }
}
