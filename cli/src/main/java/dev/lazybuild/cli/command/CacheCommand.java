package dev.lazybuild.cli.command;

import dev.lazybuild.cli.terminal.Invocation;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;

/** {@code lazybuild cache}: only a parent; each subcommand is its own class. */
@Command(name = "cache",
        description = "Inspect and maintain the shared cache; safe while builds run.",
        usageHelpAutoWidth = true,
        mixinStandardHelpOptions = true,
        subcommands = {CacheLsCommand.class, CacheStatsCommand.class, CacheVerifyCommand.class, CacheGcCommand.class})
public final class CacheCommand extends BaseCommand {
    public CacheCommand(Invocation invocation) {
        super(invocation);
    }

    @Override
    protected void validate() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: ls, stats, verify or gc");
    }

    @Override
    protected int execute() {
        return ExitCode.USAGE.code();
    }
}
