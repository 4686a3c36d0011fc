package dev.lazybuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.cli.command.ExitCode;
import dev.lazybuild.cli.completion.CompletionModel;
import dev.lazybuild.cli.podman.PodmanArguments;
import dev.lazybuild.cli.terminal.Invocation;
import dev.lazybuild.fetch.FetchException;
import dev.lazybuild.fetch.LazybuildException;
import dev.lazybuild.fetch.PrerequisiteException;
import dev.lazybuild.vfs.lockfile.LockfileException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What a user sees: every command's help, each exit status, the one error line of each class. */
class HelpAndErrorsTest {
    @TempDir
    Path work;

    /** Every command in the tree, as the words typed to reach it (e.g. [build], [cache, gc]). */
    static List<List<String>> everyCommand() {
        List<List<String>> all = new ArrayList<>();
        collect(Lazybuild.commandLine(new Invocation(new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()), false, Map.of())), new ArrayList<>(), all);
        return all;
    }

    private static void collect(CommandLine cmd, List<String> words, List<List<String>> all) {
        all.add(List.copyOf(words));
        CompletionModel.subcommands(cmd).forEach((name, sub) -> {
            List<String> next = new ArrayList<>(words);
            next.add(name);
            collect(sub, next, all);
        });
    }

    @Test
    void everyCommandHasHelpWithUsageDescriptionAndExitStatuses() {
        List<List<String>> commands = everyCommand();
        assertThat(commands).contains(List.of(), List.of("build"), List.of("completion"));
        for (List<String> words : commands) {
            if (words.equals(List.of("help"))) {
                continue; // help --help is picocli's own
            }
            List<String> args = new ArrayList<>(words);
            args.add("--help");
            CliRunner r = CliRunner.runWith(Map.of(), args.toArray(String[]::new));
            String name = String.join(" ", List.of("lazybuild", String.join(" ", words))).strip();
            assertThat(r.status()).as(name + " --help: " + r).isZero();
            assertThat(r.err()).as(name).isEmpty();
            assertThat(r.out()).as(name).startsWith("Usage: " + name).contains("Exit status:")
                    .contains("  2   Usage error").contains(" 70   Internal error");
            // The first description line is the command's one-line summary (man page NAME, completions).
            String[] description = commandAt(words).getCommandSpec().usageMessage().description();
            assertThat(description).as(name + " has a description").isNotEmpty();
            assertThat(description[0]).as(name + "'s first description line is a sentence").endsWith(".");
        }
    }

    private static CommandLine commandAt(List<String> words) {
        CommandLine cmd = Lazybuild.commandLine(new Invocation(new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()), false, Map.of()));
        for (String w : words) {
            cmd = cmd.getSubcommands().get(w);
        }
        return cmd;
    }

    @Test
    void helpCommandAndHelpOptionPrintTheSameForBuild() {
        assertThat(CliRunner.runWith(Map.of(), "help", "build").out())
                .isEqualTo(CliRunner.runWith(Map.of(), "build", "--help").out());
    }

    @Test
    void rootHelpDocumentsConfigurationAndEveryEnvironmentVariable() {
        String out = CliRunner.runWith(Map.of(), "--help").out();
        for (String key : List.of("cache-dir", "concurrency", "mount-target", "podman-args", "[mirrors]", "LAZYBUILD_CACHE_DIR",
                "LAZYBUILD_CONCURRENCY", "LAZYBUILD_MOUNT_TARGET", "LAZYBUILD_PODMAN_ARGS", "LAZYBUILD_CONFIG",
                "LAZYBUILD_PODMAN", "LAZYBUILD_RUNTIME_DIR", "LAZYBUILD_CREATEREPO", "LAZYBUILD_MODIFYREPO", "NO_COLOR")) {
            assertThat(out).contains(key);
        }
    }

    @Test
    void versionExitsZeroWithTheProjectVersion() {
        CliRunner r = CliRunner.runWith(Map.of(), "--version");
        assertThat(r.status()).isZero();
        assertThat(r.out()).startsWith("lazybuild ").doesNotContain("development build").contains("Java 17");
    }

    @Test
    void unknownOptionIsExit2WithTheErrorLineAndTheUsage() {
        CliRunner r = CliRunner.runWith(Map.of(), "completion", "--frobnicate", "bash");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().lines().findFirst()).contains("lazybuild: error: Unknown option: '--frobnicate'");
        assertThat(r.err()).contains("Usage: lazybuild completion").contains("Try 'lazybuild completion --help'");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void badParameterValueIsExit2NamingTheAllowedValues() {
        CliRunner r = CliRunner.runWith(Map.of(), "completion", "tcsh");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).startsWith("lazybuild: error: Invalid value for positional parameter at index 0 (SHELL)")
                .contains("bash, zsh, fish");
    }

    @Test
    void noCommandIsExit2ListingTheCommands() {
        CliRunner r = CliRunner.runWith(Map.of());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).startsWith("lazybuild: error: Missing required subcommand (one of: build, plan, prefetch, cache, completion, doctor, help)")
                .contains("Try 'lazybuild --help'");
    }

    @Test
    void relativeMountTargetOnTheCommandLineIsAUsageError() {
        CliRunner r = CliRunner.runWith(Map.of(), "build", "--mount-target", "cachi2", ".");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).startsWith("lazybuild: error: --mount-target: mount-target must be an absolute path")
                .contains("Usage: lazybuild build");
    }

    @Test
    void misspelledCommandSuggestsTheRightOne() {
        CliRunner r = CliRunner.runWith(Map.of(), "biuld");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).startsWith("lazybuild: error: Unmatched argument at index 0: 'biuld'").contains("build");
    }

    @Test
    void eachErrorKindHasItsExitStatusAndOneLine() {
        record Case(LazybuildException e, ExitCode code) { }
        List<Case> cases = List.of(
                new Case(new LockfileException("pylock.toml: packages[3] (numpy): no hashes (regenerate the lockfile)"), ExitCode.LOCKFILE),
                new Case(new FetchException("https://x.example/a.whl: sha256 mismatch (the upstream file changed)"), ExitCode.FETCH),
                new Case(new PrerequisiteException("cannot run podman: not found (install podman)"), ExitCode.PREREQUISITE),
                new Case(new LazybuildException(LazybuildException.Kind.CONFIG, "lazybuild.toml: concurrency must be ..."), ExitCode.CONFIG));
        for (Case c : cases) {
            StringWriter err = new StringWriter();
            int status = ErrorReporter.report(c.e(), new PrintWriter(err), false);
            assertThat(status).as(c.e().getClass().getSimpleName()).isEqualTo(c.code().code());
            assertThat(err.toString()).isEqualTo("lazybuild: error: " + c.e().getMessage() + System.lineSeparator());
        }
        assertThat(List.of(ExitCode.values())).extracting(ExitCode::code).doesNotHaveDuplicates();
    }

    @Test
    void anErrorThrownByACommandIsOneLineAndExit70() {
        CliRunner r = runWithExplodingCommand("explode");
        assertThat(r.status()).isEqualTo(ExitCode.SOFTWARE.code());
        assertThat(r.err()).isEqualTo("lazybuild: error: internal error: ExceptionInInitializerError, caused by "
                + "IllegalStateException: static init failed (run again with --verbose and report it)" + System.lineSeparator());
    }

    @Test
    void anErrorWithVerboseAlsoPrintsTheStackTrace() {
        CliRunner r = runWithExplodingCommand("explode", "--verbose");
        assertThat(r.status()).isEqualTo(ExitCode.SOFTWARE.code());
        assertThat(r.err()).startsWith("lazybuild: error: internal error: ExceptionInInitializerError")
                .contains("\tat ").contains("Caused by: java.lang.IllegalStateException: static init failed");
    }

    @Test
    void anUnexpectedExceptionIsExit70AndNamesItsType() {
        CliRunner r = runWithExplodingCommand("explode", "--npe");
        assertThat(r.status()).isEqualTo(70);
        assertThat(r.err()).startsWith("lazybuild: error: internal error: NullPointerException: no value")
                .doesNotContain("\tat ");
    }

    @CommandLine.Command(name = "explode")
    static final class Exploding implements Callable<Integer> {
        @CommandLine.Option(names = "--npe")
        boolean npe;

        @Override
        public Integer call() {
            if (npe) {
                throw new NullPointerException("no value");
            }
            throw new ExceptionInInitializerError(new IllegalStateException("static init failed"));
        }
    }

    private static CliRunner runWithExplodingCommand(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Lazybuild.commandLine(new Invocation(new PrintWriter(out), new PrintWriter(err), false, Map.of()));
        cmd.addSubcommand(new Exploding());
        int status = Lazybuild.execute(cmd, args);
        return new CliRunner(status, out.toString(), err.toString());
    }

    @Test
    void noColorTurnsColoursOffEvenWhenForced() {
        String previous = System.getProperty("picocli.ansi");
        System.setProperty("picocli.ansi", "true"); // as on a terminal
        try {
            assertThat(CliRunner.runWith(Map.of(), "--help").out()).contains("\u001B[");
            assertThat(CliRunner.runWith(Map.of("NO_COLOR", "1"), "--help").out()).doesNotContain("\u001B[");
        } finally {
            if (previous == null) {
                System.clearProperty("picocli.ansi");
            } else {
                System.setProperty("picocli.ansi", previous);
            }
        }
    }

    @Test
    void buildPassesQuietToPodmanAndReadsIt() {
        assertThat(PodmanArguments.parse(List.of("-q", "-t", "x", ".")).quiet()).isTrue();
        assertThat(PodmanArguments.parse(List.of("--quiet", ".")).quiet()).isTrue();
        assertThat(PodmanArguments.parse(List.of("-t", "x", ".")).quiet()).isFalse();
        assertThat(PodmanArguments.parse(List.of("--", "-q")).quiet()).isFalse();
    }

    @Test
    void configErrorFromTheCommandLineIsExit6NamingTheFile() throws Exception {
        Path ctx = Files.createDirectories(work.resolve("ctx"));
        Files.writeString(ctx.resolve("lazybuild.toml"), "concurrency = \"many\"\n");
        CliRunner r = CliRunner.runWith(Map.of("HOME", work.toString()), "build", ctx.toString());
        assertThat(r.status()).as(r.toString()).isEqualTo(ExitCode.CONFIG.code());
        assertThat(r.err()).isEqualTo("lazybuild: error: " + ctx.resolve("lazybuild.toml")
                + ": concurrency must be an integer from 1 to 64; got \"many\"" + System.lineSeparator());
    }

    @Test
    void configOptionIsReadWhetherGivenBeforeOrAfterTheCommand() throws Exception {
        Path config = work.resolve("team.toml");
        Files.writeString(config, "mount-target = \"cachi2\"\n");
        for (List<String> args : List.of(List.of("--config", config.toString(), "build", work.toString()),
                List.of("build", "--config", config.toString(), work.toString()))) {
            CliRunner r = CliRunner.runWith(Map.of("HOME", work.toString()), args.toArray(String[]::new));
            assertThat(r.status()).as(args.toString()).isEqualTo(ExitCode.CONFIG.code());
            assertThat(r.err()).as(args.toString()).startsWith("lazybuild: error: " + config + ": mount-target must be");
        }
    }

    @Test
    void missingConfigFileIsExit6() {
        CliRunner r = CliRunner.runWith(Map.of("HOME", work.toString()), "--config", work.resolve("nope.toml").toString(),
                "build", work.toString());
        assertThat(r.status()).isEqualTo(6);
        assertThat(r.err()).startsWith("lazybuild: error: config file " + work.resolve("nope.toml")
                + " does not exist (given with --config)");
    }
}
