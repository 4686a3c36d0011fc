package dev.lazybuild.cli.command;

import dev.lazybuild.cli.terminal.ByteSize;
import dev.lazybuild.cli.terminal.Invocation;
import dev.lazybuild.fetch.store.GarbageCollector;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code lazybuild cache gc}: removes least recently used files. Files leased by running
 * builds are kept, so it is safe to run from cron while builds run.
 */
@Command(name = "gc",
        description = {"Remove cached files, least recently used first, keeping those running builds may serve.",
            "",
            "Removes until the cache fits --max-size and/or every file unused for longer than --older-than is gone."},
        mixinStandardHelpOptions = true)
public final class CacheGcCommand extends BaseCommand {
    @Mixin
    CacheDirMixin cache;

    @Option(names = "--max-size", paramLabel = "SIZE", converter = ByteSize.Converter.class,
            description = "The size to shrink the cache to, e.g. 10G, 500M, 0.")
    ByteSize maxSize;

    @Option(names = "--older-than", paramLabel = "DURATION", converter = Age.Converter.class,
            description = "Remove files unused for longer than this, e.g. 7d, 12h, 2w.")
    Age olderThan;

    public CacheGcCommand(Invocation invocation) {
        super(invocation);
    }

    @Override
    protected void validate() {
        if (maxSize == null && olderThan == null) {
            throw new ParameterException(spec.commandLine(), "say what to collect: --max-size SIZE and/or --older-than DURATION");
        }
    }

    @Override
    protected int execute() {
        GarbageCollector.Result r = GarbageCollector.collect(cache.resolve(config(null)),
                maxSize == null ? OptionalLong.empty() : OptionalLong.of(maxSize.bytes()),
                Optional.ofNullable(olderThan).map(Age::duration), Instant.now());
        out().printf("removed %d files (%s); kept %d files (%s), %d of them in use by running builds%n",
                r.removed().size(), ByteSize.format(r.removedBytes()), r.kept(), ByteSize.format(r.keptBytes()), r.leased());
        if (!r.repodataRemoved().isEmpty()) {
            out().printf("removed the repodata of %d lockfile repoids unused for longest%n", r.repodataRemoved().size());
        }
        if (r.staleLeases() > 0 || r.partsRemoved() > 0) {
            out().printf("also removed %d leases of builds that are gone and %d abandoned partial downloads%n",
                    r.staleLeases(), r.partsRemoved());
        }
        if (maxSize != null && r.keptBytes() > maxSize.bytes()) {
            console().warning("the cache is still " + ByteSize.format(r.keptBytes())
                    + " because running builds use those files; run gc again when they are done");
        }
        return ExitCode.OK.code();
    }
}
