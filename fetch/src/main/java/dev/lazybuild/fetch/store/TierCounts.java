package dev.lazybuild.fetch.store;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Where files came from, per tier, added up since the cache was created, for {@code cache stats}:
 * {@code host.hits}, then each source's own counters under its name ({@code team.hits},
 * {@code upstream.downloads}, {@code upstream.requests}, ...). Each count is what that tier
 * itself counted, never derived from another's. Commands end concurrently, so the totals are
 * updated under a {@link CrossProcessLock} and replaced by an atomic rename.
 */
public final class TierCounts {
    /** The keys {@code cache stats} always shows, zero until something is counted. */
    private static final String[] SHOWN = {"host.hits", "team.hits", "team.misses", "team.corrupt", "team.uploads",
        "team.repodata", "team.bytes", "team.requests", "upstream.downloads", "upstream.bytes", "upstream.requests"};

    private TierCounts() { }

    /**
     * Adds one command's counts to the store's totals. A failure only loses statistics, so it
     * is not reported.
     *
     * @param bySource each source's counters by its name
     */
    static void save(StoreLayout layout, long hostHits, Map<String, Map<String, Long>> bySource) {
        Map<String, Long> delta = new LinkedHashMap<>();
        delta.put("host.hits", hostHits);
        bySource.forEach((source, counters) -> counters.forEach((k, v) -> delta.put(source + "." + k, v)));
        try (CrossProcessLock lock = CrossProcessLock.acquire(layout.tierCountsLock(), false)) {
            Map<String, Long> total = load(layout.root());
            delta.forEach((k, v) -> total.merge(k, v, Long::sum));
            Properties p = new Properties();
            total.forEach((k, v) -> p.setProperty(k, Long.toString(v)));
            Path tmp = layout.newTemporary("tier-counts");
            try (Writer w = Files.newBufferedWriter(tmp)) {
                p.store(w, "files served per tier since the cache was created (lazybuild cache stats)");
            }
            Files.move(tmp, layout.tierCounts(), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            // statistics only
        }
    }

    /** The totals so far, the keys {@code cache stats} shows first; zero when nothing was recorded. */
    public static Map<String, Long> load(Path storeRoot) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String k : SHOWN) {
            out.put(k, 0L);
        }
        Path file = StoreLayout.of(storeRoot).tierCounts();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            return out;
        }
        for (String k : p.stringPropertyNames().stream().sorted().toList()) {
            try {
                out.put(k, Long.parseLong(p.getProperty(k).trim()));
            } catch (NumberFormatException e) {
                // a damaged line counts as zero
            }
        }
        return out;
    }
}
