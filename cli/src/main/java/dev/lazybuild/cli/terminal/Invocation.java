package dev.lazybuild.cli.terminal;

import java.io.PrintWriter;
import java.util.Map;

/**
 * Where one command line's output goes, whether child processes (podman) write straight
 * to this process's terminal or through {@code out}/{@code err} (tests), and the environment
 * the command reads its LAZYBUILD_* settings from (tests give their own).
 */
public record Invocation(PrintWriter out, PrintWriter err, boolean attached, Map<String, String> env) {

    public Invocation(PrintWriter out, PrintWriter err, boolean attached) {
        this(out, err, attached, System.getenv());
    }

    public Invocation {
        env = Map.copyOf(env);
    }
}
