package dev.lazybuild.cli;

import dev.lazybuild.cli.command.BuildCommand;
import dev.lazybuild.cli.command.CacheCommand;
import dev.lazybuild.cli.command.CompletionCommand;
import dev.lazybuild.cli.command.ConfigMixin;
import dev.lazybuild.cli.command.DoctorCommand;
import dev.lazybuild.cli.command.ExitCode;
import dev.lazybuild.cli.command.PlanCommand;
import dev.lazybuild.cli.command.PrefetchCommand;
import dev.lazybuild.cli.command.Verbosity;
import dev.lazybuild.cli.terminal.Ansi;
import dev.lazybuild.cli.terminal.Invocation;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The root command: annotations only; each subcommand is its own class. */
@Command(name = "lazybuild",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "podman build for hermetic builds, with lockfile dependencies downloaded on first use.",
            "",
            "The build sees a complete Hermeto/Cachi2 prefetch at /cachi2/output; a file is downloaded"
                + " (into a shared, verified cache) only when a RUN step opens it. Where you would type"
                + " 'podman build', type 'lazybuild build':",
            "",
            "  lazybuild build --runtime runc -f Dockerfile -t myimage .",
            "",
            "'lazybuild help COMMAND' (or 'man lazybuild-COMMAND') describes each command."},
        exitCodeListHeading = "%nExit status:%n",
        footerHeading = "%nConfiguration:%n",
        footer = {
            "Each setting comes from the first of: a command-line option, a LAZYBUILD_* environment variable,"
                + " --config FILE, lazybuild.toml at the build context's root, the user's"
                + " config.toml in $XDG_CONFIG_HOME/lazybuild or ~/.config/lazybuild, the default.",
            "",
            "  cache-dir = \"DIR\"         LAZYBUILD_CACHE_DIR     the download cache",
            "  concurrency = 8           LAZYBUILD_CONCURRENCY   downloads per host",
            "  mount-target = \"/cachi2\"  LAZYBUILD_MOUNT_TARGET  where builds see it",
            "  podman-args = [\"...\"]     LAZYBUILD_PODMAN_ARGS   before podman's args",
            "  [mirrors] \"https://a.example/\" = \"https://mirror.example/a/\"",
            "",
            "Also: LAZYBUILD_CONFIG (the --config file), LAZYBUILD_PODMAN (the podman executable),"
                + " LAZYBUILD_CREATEREPO and LAZYBUILD_MODIFYREPO (createrepo_c, modifyrepo_c),"
                + " LAZYBUILD_RUNTIME_DIR (where mount points are made), LAZYBUILD_STATE_DIR (fetch-ahead records),"
                + " LAZYBUILD_TEAM_CACHE_UPLOAD=false (read-only team cache), NO_COLOR (no colours)."},
        subcommands = {BuildCommand.class, PlanCommand.class, PrefetchCommand.class, CacheCommand.class,
            CompletionCommand.class, DoctorCommand.class, CommandLine.HelpCommand.class})
public final class Lazybuild {
    @CommandLine.Mixin
    Verbosity verbosity;

    @CommandLine.Mixin
    ConfigMixin config;

    Lazybuild() { }

    /** The command tree, with the exit statuses of {@link ExitCode} in every help and man page. */
    static CommandLine commandLine(Invocation invocation) {
        CommandLine cmd = new CommandLine(new Lazybuild(), new InvocationFactory(invocation));
        Map<String, String> codes = new LinkedHashMap<>();
        for (ExitCode c : ExitCode.values()) {
            codes.put(String.format("%3d", c.code()), c.meaning());
        }
        cmd.getCommandSpec().usageMessage().exitCodeList(codes);
        withExitCodes(cmd.getSubcommands().values(), codes);
        return cmd;
    }

    /** Sub-subcommands too ({@code cache gc}), so every help page lists the exit statuses. */
    private static void withExitCodes(java.util.Collection<CommandLine> commands, Map<String, String> codes) {
        for (CommandLine sub : commands) {
            sub.getCommandSpec().usageMessage().exitCodeListHeading("%nExit status:%n").exitCodeList(codes);
            withExitCodes(sub.getSubcommands().values(), codes);
        }
    }

    /** Runs one command line with output to the given writers; what tests call. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return execute(commandLine(new Invocation(out, err, false)), args);
    }

    /** As {@link #run}, with the environment given instead of this process's. */
    static int run(PrintWriter out, PrintWriter err, Map<String, String> env, String... args) {
        return execute(commandLine(new Invocation(out, err, false, env)), args);
    }

    /** As {@link #run}, but podman inherits this process's terminal; what {@link Main} calls. */
    static int runAttached(String... args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        return execute(commandLine(new Invocation(out, err, true)), args);
    }

    /** Runs {@code args} on {@code cmd}, a tree made by {@link #commandLine}. */
    static int execute(CommandLine cmd, String... args) {
        Invocation invocation = ((InvocationFactory) cmd.getFactory()).invocation();
        cmd.setOut(invocation.out());
        cmd.setErr(invocation.err());
        cmd.setColorScheme(CommandLine.Help.defaultColorScheme(Ansi.mode(invocation.env())));
        cmd.setExecutionExceptionHandler(new ErrorReporter());
        cmd.setParameterExceptionHandler(ErrorReporter::usageError);
        int status;
        try {
            status = cmd.execute(args);
        } catch (Throwable e) { // an Error, which picocli does not hand to the exception handler
            boolean verbose = cmd.getParseResult() != null ? Verbosity.verbose(cmd.getParseResult())
                    : java.util.Arrays.asList(args).contains("--verbose");
            status = ErrorReporter.report(e, invocation.err(), verbose);
        }
        invocation.out().flush();
        invocation.err().flush();
        return status;
    }
}
