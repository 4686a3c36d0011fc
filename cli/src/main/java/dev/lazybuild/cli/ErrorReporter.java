package dev.lazybuild.cli;

import dev.lazybuild.cli.command.ExitCode;
import dev.lazybuild.cli.command.Verbosity;
import dev.lazybuild.cli.completion.CompletionModel;
import dev.lazybuild.fetch.LazybuildException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The one place that turns exceptions into an exit code and one line on stderr:
 * {@code lazybuild: error: <message>}; the stack trace only with --verbose.
 */
public final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        return report(e, cmd.getErr(), Verbosity.verbose(parsed));
    }

    /**
     * One line for any failure, also an {@link Error} thrown past picocli (a class that fails
     * to initialise, a missing native library), so a user never sees a bare stack trace.
     */
    static int report(Throwable e, PrintWriter err, boolean verbose) {
        ExitCode code = exitCodeOf(e);
        err.println("lazybuild: error: " + message(e));
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return code.code();
    }

    private static String message(Throwable e) {
        if (e instanceof LazybuildException) {
            return e.getMessage();
        }
        StringBuilder m = new StringBuilder("internal error: ").append(describe(e));
        Throwable cause = e.getCause();
        if (cause != null && cause != e) {
            m.append(", caused by ").append(describe(cause));
        }
        return m.append(" (run again with --verbose and report it)").toString();
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse(""));
    }

    static ExitCode exitCodeOf(Throwable e) {
        if (e instanceof LazybuildException le) {
            return switch (le.kind()) {
                case LOCKFILE -> ExitCode.LOCKFILE;
                case FETCH -> ExitCode.FETCH;
                case PREREQUISITE -> ExitCode.PREREQUISITE;
                case CONFIG -> ExitCode.CONFIG;
            };
        }
        return ExitCode.SOFTWARE;
    }

    /** A bad command line: the message, the usage line, exit 2. */
    static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        String message = e.getMessage();
        if (message.startsWith("Missing required subcommand")) {
            message += " (one of: " + String.join(", ", CompletionModel.subcommands(cmd).keySet()) + ")";
        }
        err.println("lazybuild: error: " + message);
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
            err.println("Usage: " + cmd.getHelp().synopsis(0).strip());
            err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        }
        err.flush();
        return ExitCode.USAGE.code();
    }
}
