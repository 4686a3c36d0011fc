package dev.lazybuild.cli.command;

import dev.lazybuild.cli.VersionProvider;
import dev.lazybuild.cli.config.Config;
import dev.lazybuild.cli.podman.PodmanArguments;
import dev.lazybuild.cli.terminal.Console;
import dev.lazybuild.cli.terminal.Invocation;
import dev.lazybuild.vfs.lockfile.ParsedLockfiles;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * The template every subcommand follows: {@link #validate()} (throwing picocli's
 * ParameterException for a bad command line, which means the usage line and exit 2), then
 * {@link #execute()}. Expected failures are {@code LazybuildException}s, which the root
 * command's error reporter turns into one line and an exit code.
 */
public abstract class BaseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    protected final Invocation invocation;

    protected BaseCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Override
    public final Integer call() throws Exception {
        validate();
        return execute();
    }

    protected void validate() { }

    protected abstract int execute() throws Exception;

    /**
     * The settings for this command line (see {@link Config} for where each comes from), with
     * {@code --config} taken from wherever it was typed; warnings (unknown keys) go to stderr.
     *
     * @param context the build context whose lazybuild.toml applies, or null
     */
    protected final Config config(java.nio.file.Path context) {
        CommandLine.ParseResult parsed = spec.root().commandLine().getParseResult();
        Config config = Config.load(context, ConfigMixin.given(parsed), invocation.env());
        config.warnings().forEach(console()::warning);
        if (Verbosity.verbose(parsed)) {
            console().notice("config files: " + (config.files().isEmpty() ? "none"
                    : config.files().stream().map(Object::toString).collect(java.util.stream.Collectors.joining(", ")))
                    + "; cache " + config.cacheDir() + ", concurrency " + config.concurrency()
                    + ", mount target " + config.mountTarget() + ", podman args " + PodmanArguments.printable(config.podmanArgs())
                    + ", mirrors " + config.mirrors().size());
        }
        return config;
    }

    /** How this command resolves pip requirements files: through their index, answers kept under {@code cacheRoot}. */
    protected final dev.lazybuild.cli.app.PipResolution pip(Config config, java.nio.file.Path cacheRoot) {
        return new dev.lazybuild.cli.app.PipResolution(config, cacheRoot, invocation.env(), console()::notice);
    }

    /**
     * The lockfiles parsed before and kept in the cache at {@code cacheRoot} (see ParsedLockfiles);
     * none while the cache does not exist, which no command makes only to keep a parse.
     */
    protected final ParsedLockfiles parsedLockfiles(java.nio.file.Path cacheRoot) {
        return java.nio.file.Files.isDirectory(cacheRoot) ? ParsedLockfiles.in(cacheRoot, VersionProvider.version()) : ParsedLockfiles.NONE;
    }

    /** Where this command's notices, warnings and errors go: stderr, one whole line each. */
    protected final Console console() {
        return new Console(err(), false);
    }

    protected final java.io.PrintWriter out() {
        return invocation.out();
    }

    protected final java.io.PrintWriter err() {
        return invocation.err();
    }
}
