package dev.lazybuild.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The template every subcommand follows: {@link #validate()} (throwing picocli's
 * ParameterException for a bad command line, which means the usage line and exit 2), then
 * {@link #execute()}. Expected failures are {@code LazybuildException}s, which
 * {@link ErrorReporter} turns into one line and an exit code.
 */
abstract class BaseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    protected final Invocation invocation;

    BaseCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Override
    public final Integer call() throws Exception {
        validate();
        return execute();
    }

    protected void validate() { }

    protected abstract int execute() throws Exception;

    protected final java.io.PrintWriter out() {
        return invocation.out();
    }

    protected final java.io.PrintWriter err() {
        return invocation.err();
    }
}
