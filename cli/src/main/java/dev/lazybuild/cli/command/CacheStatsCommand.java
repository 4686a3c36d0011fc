package dev.lazybuild.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lazybuild.cli.terminal.ByteSize;
import dev.lazybuild.cli.terminal.Invocation;
import dev.lazybuild.fetch.store.CacheEntry;
import dev.lazybuild.fetch.store.RepodataEntry;
import dev.lazybuild.fetch.store.StoredObjects;
import dev.lazybuild.fetch.store.TierCounts;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lazybuild cache stats}: how many files and bytes, in total and per digest algorithm. */
@Command(name = "stats", description = "Totals: files and bytes, overall and by digest algorithm, and files served per tier.",
        mixinStandardHelpOptions = true)
public final class CacheStatsCommand extends BaseCommand {
    @Mixin
    CacheDirMixin cache;

    @Option(names = "--json", description = "One JSON object: {root, files, bytes, byAlgorithm: {sha256: {files, bytes}},"
            + " repodata: {entries, bytes}, tiers: {host.hits, team.hits, ..., upstream.downloads, upstream.requests, ...}}.")
    boolean json;

    public CacheStatsCommand(Invocation invocation) {
        super(invocation);
    }

    private record Total(long files, long bytes) {
        Total plus(CacheEntry e) {
            return new Total(files + 1, bytes + e.size());
        }
    }

    @Override
    protected int execute() throws Exception {
        Path cacheRoot = cache.resolve(config(null));
        StoredObjects stored = new StoredObjects(cacheRoot);
        List<CacheEntry> entries = stored.list();
        List<RepodataEntry> repodata = stored.repodata();
        long repodataBytes = repodata.stream().mapToLong(RepodataEntry::size).sum();
        Total all = new Total(0, 0);
        Map<String, Total> byAlgorithm = new TreeMap<>();
        for (CacheEntry e : entries) {
            all = all.plus(e);
            byAlgorithm.merge(e.digest().algorithm().label(), new Total(1, e.size()),
                    (a, b) -> new Total(a.files() + b.files(), a.bytes() + b.bytes()));
        }
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode root = mapper.createObjectNode().put("root", cacheRoot.toAbsolutePath().toString())
                    .put("files", all.files()).put("bytes", all.bytes());
            ObjectNode algos = root.putObject("byAlgorithm");
            byAlgorithm.forEach((a, t) -> algos.putObject(a).put("files", t.files()).put("bytes", t.bytes()));
            root.putObject("repodata").put("entries", repodata.size()).put("bytes", repodataBytes);
            ObjectNode tiers = root.putObject("tiers");
            TierCounts.load(cacheRoot).forEach(tiers::put);
            out().println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } else {
            out().println("cache: " + cacheRoot.toAbsolutePath());
            out().printf("files: %d, %d bytes (%s)%n", all.files(), all.bytes(), ByteSize.format(all.bytes()));
            byAlgorithm.forEach((a, t) -> out().printf("%s: %d files, %d bytes (%s)%n", a, t.files(), t.bytes(),
                    ByteSize.format(t.bytes())));
            out().printf("repodata: %d entries, %d bytes (%s)%n", repodata.size(), repodataBytes, ByteSize.format(repodataBytes));
            Map<String, Long> tiers = TierCounts.load(cacheRoot);
            out().printf("files served: %d from this host's cache, %d from the team cache (%d misses, %d corrupt, %d uploaded),"
                    + " %d from upstream%n", tiers.get("host.hits"), tiers.get("team.hits"), tiers.get("team.misses"),
                    tiers.get("team.corrupt"), tiers.get("team.uploads"), tiers.get("upstream.downloads"));
        }
        return ExitCode.OK.code();
    }
}
