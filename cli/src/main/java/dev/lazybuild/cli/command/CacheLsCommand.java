package dev.lazybuild.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.lazybuild.cli.terminal.Invocation;
import dev.lazybuild.fetch.store.CacheEntry;
import dev.lazybuild.fetch.store.RepodataEntry;
import dev.lazybuild.fetch.store.StoredObjects;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lazybuild cache ls}: every entry with its digest, size and last use, most recent first. */
@Command(name = "ls", description = "List cached files (digest) and repodata entries: size in bytes, last use (most recent first).",
        mixinStandardHelpOptions = true)
public final class CacheLsCommand extends BaseCommand {
    @Mixin
    CacheDirMixin cache;

    @Option(names = "--json", description = "One JSON array of {digest, size, lastUse, path}, then {repodata, size, lastUse, path}.")
    boolean json;

    public CacheLsCommand(Invocation invocation) {
        super(invocation);
    }

    @Override
    protected int execute() throws Exception {
        StoredObjects stored = new StoredObjects(cache.resolve(config(null)));
        List<CacheEntry> entries = new ArrayList<>(stored.list());
        entries.sort(Comparator.comparing(CacheEntry::lastUse).reversed());
        List<RepodataEntry> repodata = new ArrayList<>(stored.repodata());
        repodata.sort(Comparator.comparing(RepodataEntry::lastUse).reversed());
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ArrayNode array = mapper.createArrayNode();
            for (CacheEntry e : entries) {
                array.addObject().put("digest", e.digest().toString()).put("size", e.size())
                        .put("lastUse", e.lastUse().truncatedTo(ChronoUnit.SECONDS).toString())
                        .put("path", e.path().toString());
            }
            for (RepodataEntry e : repodata) {
                array.addObject().put("repodata", e.key().leaseKey()).put("size", e.size())
                        .put("lastUse", e.lastUse().truncatedTo(ChronoUnit.SECONDS).toString()).put("path", e.path().toString());
            }
            out().println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(array));
        } else {
            for (CacheEntry e : entries) {
                out().printf("%s  %12d  %s%n", e.digest(), e.size(), e.lastUse().truncatedTo(ChronoUnit.SECONDS));
            }
            for (RepodataEntry e : repodata) {
                out().printf("%s  %12d  %s%n", e.key().leaseKey(), e.size(), e.lastUse().truncatedTo(ChronoUnit.SECONDS));
            }
        }
        return ExitCode.OK.code();
    }
}
