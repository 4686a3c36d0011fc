package dev.lazybuild.cli;

import java.io.PrintWriter;

/**
 * Where one command line's output goes, and whether child processes (podman) write straight
 * to this process's terminal or through {@code out}/{@code err} (tests).
 */
record Invocation(PrintWriter out, PrintWriter err, boolean attached) {
}
