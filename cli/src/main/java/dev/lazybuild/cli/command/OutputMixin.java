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

    /** Progress bars only where a person watches: a terminal, not asked to be quiet. */
    boolean showProgress(Invocation invocation) {
        return !quiet && !noProgress && invocation.attached() && System.console() != null;
    }
}
