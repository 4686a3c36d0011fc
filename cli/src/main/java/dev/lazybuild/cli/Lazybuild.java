package dev.lazybuild.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root command: annotations only; each subcommand is its own class. */
@Command(name = "lazybuild",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "podman build for hermetic builds, with the lockfiles' dependencies served lazily:",
            "the build sees a complete Hermeto/Cachi2 prefetch at /cachi2/output, and a file is",
            "downloaded (into a shared, verified cache) only when a RUN step opens it."},
        exitCodeListHeading = "%nExit status:%n",
        subcommands = {BuildCommand.class, DoctorCommand.class, CommandLine.HelpCommand.class})
public final class Lazybuild {
    @CommandLine.Mixin
    Verbosity verbosity;

    Lazybuild() { }

    /** The command tree, with the exit statuses of {@link ExitCode} in every help and man page. */
    static CommandLine commandLine(Invocation invocation) {
        CommandLine cmd = new CommandLine(new Lazybuild(), new InvocationFactory(invocation));
        Map<String, String> codes = new LinkedHashMap<>();
        for (ExitCode c : ExitCode.values()) {
            codes.put(String.format("%3d", c.code()), c.meaning());
        }
        cmd.getCommandSpec().usageMessage().exitCodeList(codes);
        cmd.getSubcommands().values().forEach(sub -> sub.getCommandSpec().usageMessage()
                .exitCodeListHeading("%nExit status:%n").exitCodeList(codes));
        return cmd;
    }

    /** Runs one command line with output to the given writers; what tests call. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return execute(new Invocation(out, err, false), args);
    }

    /** As {@link #run}, but podman inherits this process's terminal; what {@link Main} calls. */
    static int runAttached(String... args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        return execute(new Invocation(out, err, true), args);
    }

    private static int execute(Invocation invocation, String... args) {
        CommandLine cmd = commandLine(invocation);
        cmd.setOut(invocation.out());
        cmd.setErr(invocation.err());
        cmd.setColorScheme(CommandLine.Help.defaultColorScheme(Ansi.mode(System.getenv())));
        cmd.setExecutionExceptionHandler(new ErrorReporter());
        cmd.setParameterExceptionHandler(ErrorReporter::usageError);
        int status = cmd.execute(args);
        invocation.out().flush();
        invocation.err().flush();
        return status;
    }
}
