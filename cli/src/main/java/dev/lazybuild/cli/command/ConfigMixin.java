package dev.lazybuild.cli.command;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code --config FILE}, accepted on every command: one more config file, above the others. */
public final class ConfigMixin {
    @Option(names = "--config", paramLabel = "FILE", scope = CommandLine.ScopeType.INHERIT,
            description = "A config file whose settings win over the user's config and the context's lazybuild.toml"
                    + " (default: $LAZYBUILD_CONFIG).")
    Path configFile;

    /**
     * The {@code --config} value wherever it was given on the command line ({@code lazybuild
     * --config F build} or {@code lazybuild build --config F}); an inherited option is matched on
     * the command where it was typed, so this walks the whole parse.
     */
    static Path given(CommandLine.ParseResult parsed) {
        Path found = null;
        for (CommandLine.ParseResult r = parsed; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--config")) {
                found = r.matchedOptionValue("--config", null);
            }
        }
        return found;
    }
}
