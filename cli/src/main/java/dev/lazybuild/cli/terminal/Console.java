package dev.lazybuild.cli.terminal;

import java.io.PrintWriter;

/**
 * Every line lazybuild writes for people: notices, warnings, errors and progress, each as
 * one whole line ({@code lazybuild: ...}) even when download threads write at once. Data
 * (plan's listing, stats) goes to stdout, not here.
 */
public final class Console {
    private final PrintWriter err;
    private final boolean quiet;

    /** @param quiet notices and progress off (-q); warnings and errors are always written */
    public Console(PrintWriter err, boolean quiet) {
        this.err = err;
        this.quiet = quiet;
    }

    /** A console for the same stream with notices and progress off. */
    public Console quiet() {
        return new Console(err, true);
    }

    boolean isQuiet() {
        return quiet;
    }
public 
    void notice(String text) {
        if (!quiet) {
            line("lazybuild: " + text);
        }
    }
public 
    void warning(String text) {
        line("lazybuild: warning: " + text);
    }
public 
    void error(String text) {
        line("lazybuild: error: " + text);
    }

    /** A whole line of its own (the build summary), unless quiet. */
    public void report(String line) {
        if (!quiet) {
            line(line);
        }
    }

    /** One line as it is, whatever the verbosity. */
    void line(String text) {
        synchronized (err) {
            err.println(text);
            err.flush();
        }
    }

    PrintWriter writer() {
        return err;
    }
}
