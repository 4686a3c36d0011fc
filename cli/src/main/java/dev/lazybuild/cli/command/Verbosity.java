package dev.lazybuild.cli.command;

import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code --verbose}, accepted on every command: stack traces and debugging detail on stderr. */
public final class Verbosity {
    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces and debugging detail on errors.")
    boolean verbose;

    public static boolean verbose(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult r = parsed; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
