package dev.lazybuild.cli;

import dev.lazybuild.fetch.LazybuildException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The one place that turns exceptions into an exit code and one line on stderr:
 * {@code lazybuild: error: <message>}; the stack trace only with --verbose.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        ExitCode code = exitCodeOf(e);
        String message = e instanceof LazybuildException ? e.getMessage()
                : "unexpected " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                        + " (run again with --verbose and report it)";
        err.println("lazybuild: error: " + message);
        if (Verbosity.verbose(parsed)) {
            e.printStackTrace(err);
        }
        err.flush();
        return code.code();
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
        err.println("lazybuild: error: " + e.getMessage());
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
            err.println("Usage: " + cmd.getHelp().synopsis(0).strip());
            err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        }
        err.flush();
        return ExitCode.USAGE.code();
    }
}
