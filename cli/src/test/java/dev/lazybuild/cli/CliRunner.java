package dev.lazybuild.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs lazybuild in-process as a user would, capturing stdout, stderr and the exit status. */
record CliRunner(int status, String out, String err) {

    static CliRunner run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Lazybuild.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRunner(status, out.toString(), err.toString());
    }

    /** As {@link #run}, with {@code env} as the whole environment (LAZYBUILD_*, HOME, XDG_*, NO_COLOR). */
    static CliRunner runWith(java.util.Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Lazybuild.run(new PrintWriter(out, true), new PrintWriter(err, true), env, args);
        return new CliRunner(status, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "exit " + status + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
}
