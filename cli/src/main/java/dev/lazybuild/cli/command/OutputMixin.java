package dev.lazybuild.cli.command;

import dev.lazybuild.cli.podman.PodmanArguments;
import dev.lazybuild.cli.terminal.Invocation;
import picocli.CommandLine.Option;

/**
 * {@code --quiet} and {@code --no-progress} for commands that print progress and summaries.
 * Not on {@code build}: there podman owns {@code -q/--quiet}, which passes through to it
 * (build reads it from podman's arguments, see {@link PodmanArguments#quiet()}).
 */
final class OutputMixin {
    @Option(names = {"-q", "--quiet"}, description = "Print only errors and the data asked for.")
    boolean quiet;

    @Option(names = "--no-progress", description = "Do not draw progress bars (they are drawn only on a terminal).")
    boolean noProgress;

    /** Whether progress is wanted at all: neither -q nor --no-progress. */
    boolean showsProgress() {
        return !quiet && !noProgress;
    }

    /** Whether progress can be redrawn in place: an interactive terminal that is not TERM=dumb. */
    boolean onTerminal(Invocation invocation) {
        return invocation.attached() && System.console() != null && !"dumb".equals(invocation.env().get("TERM"));
    }
}
