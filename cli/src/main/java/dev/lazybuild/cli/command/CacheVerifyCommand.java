package dev.lazybuild.cli.command;

import dev.lazybuild.cli.terminal.Invocation;
import dev.lazybuild.fetch.store.StoredObjects;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code lazybuild cache verify}: re-hashes every file and removes the corrupt ones. */
@Command(name = "verify",
        description = {"Re-hash every cached file and remove those whose content does not match their digest.",
            "Exits 4 with one line per corrupt file when any was found."},
        mixinStandardHelpOptions = true)
public final class CacheVerifyCommand extends BaseCommand {
    @Mixin
    CacheDirMixin cache;

    public CacheVerifyCommand(Invocation invocation) {
        super(invocation);
    }

    @Override
    protected int execute() {
        Path cacheRoot = cache.resolve(config(null));
        StoredObjects objects = new StoredObjects(cacheRoot);
        int before = objects.list().size();
        List<StoredObjects.Corrupt> corrupt = objects.verify();
        for (StoredObjects.Corrupt c : corrupt) {
            console().error("corrupt cache entry " + c.path() + ": " + c.problem()
                    + "; removed it (the next build downloads it again)");
        }
        out().printf("verified %d files in %s: %d corrupt%s%n", before, cacheRoot, corrupt.size(),
                corrupt.isEmpty() ? "" : ", removed");
        return corrupt.isEmpty() ? ExitCode.OK.code() : ExitCode.FETCH.code();
    }
}
