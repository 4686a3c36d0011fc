package dev.lazybuild.fetch;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where files came from, per tier (host store, team cache, upstream), counted while a command
 * runs and added to {@code <cache>/tier-hits.properties} when it ends, for {@code cache stats}.
 * Builds end concurrently, so the file is updated under an exclusive lock and replaced by an
 * atomic rename.
 */
public final class TierHits implements FetchListener {
    static final String FILE = "tier-hits.properties";

    private final AtomicLong hostHits = new AtomicLong();
    private final AtomicLong fetched = new AtomicLong();

    @Override
    public void servedFromCache(RemoteFile file) {
        hostHits.incrementAndGet();
    }

    @Override
    public void downloadFinished(RemoteFile file, long bytes, long waitedNanos) {
        fetched.incrementAndGet();
    }

    /**
     * Adds this process's counts to the store's totals. A failure only loses statistics, so
     * it is not reported.
     *
     * @param team the team cache the store used, or null
     */
    public void save(Path storeRoot, TeamCache team) {
        TeamCache.Counts t = team == null ? new TeamCache.Counts(0, 0, 0, 0) : team.counts();
        Map<String, Long> delta = new LinkedHashMap<>();
        delta.put("host.hits", hostHits.get());
        delta.put("team.hits", t.hits());
        delta.put("team.misses", t.misses());
        delta.put("team.corrupt", t.corrupt());
        delta.put("team.uploads", t.uploaded());
        delta.put("upstream.downloads", fetched.get() - t.hits());
        Path file = storeRoot.resolve(FILE);
        try (FileChannel ch = FileChannel.open(storeRoot.resolve("locks").resolve(FILE + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = AdvisoryLocks.acquire(ch, false)) {
            Map<String, Long> total = load(storeRoot);
            delta.forEach((k, v) -> total.merge(k, v, Long::sum));
            Properties p = new Properties();
            total.forEach((k, v) -> p.setProperty(k, Long.toString(v)));
            Path tmp = storeRoot.resolve("tmp").resolve(FILE + "." + ProcessHandle.current().pid());
            try (Writer w = Files.newBufferedWriter(tmp)) {
                p.store(w, "files served per tier since the cache was created (lazybuild cache stats)");
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            // statistics only
        }
    }

    /** The totals so far, in a fixed key order; empty when nothing was recorded. */
    public static Map<String, Long> load(Path storeRoot) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String k : new String[] {"host.hits", "team.hits", "team.misses", "team.corrupt", "team.uploads",
            "upstream.downloads"}) {
            out.put(k, 0L);
        }
        Path file = storeRoot.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return out;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            return out;
        }
        for (String k : p.stringPropertyNames()) {
            try {
                out.put(k, Long.parseLong(p.getProperty(k).trim()));
            } catch (NumberFormatException e) {
                // a damaged line counts as zero
            }
        }
        return out;
    }
}
