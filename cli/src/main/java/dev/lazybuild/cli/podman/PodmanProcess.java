package dev.lazybuild.cli.podman;

import dev.lazybuild.cli.terminal.Console;
import dev.lazybuild.cli.terminal.Invocation;
import dev.lazybuild.fetch.DaemonThreads;
import dev.lazybuild.fetch.PrerequisiteException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs podman and returns its exit status. Attached, podman inherits this process's stdio,
 * so its output is byte for byte what plain {@code podman build} prints; except when the
 * console draws a status bar on the terminal: then podman's output passes through the
 * console, which keeps it scrolling above the bar (stdin is still inherited, for
 * {@code -f -}). podman then sees pipes, not a terminal, and prints as it does in CI: image
 * pulls as "Copying blob ..." lines instead of redrawn progress bars. Not attached (tests),
 * its output is copied to the invocation's writers.
 *
 * <p>SIGINT and SIGTERM sent to lazybuild are forwarded to podman, so that podman stops its
 * container and exits, and the caller can then unmount; the status becomes 128+signal.
 */
public final class PodmanProcess {
    private final Invocation invocation;
    private final Console console;
    private final AtomicInteger signalled = new AtomicInteger();

    /** podman's output as it is (attached) or to the invocation's writers. */
    public PodmanProcess(Invocation invocation) {
        this(invocation, null);
    }

    /** @param console where podman's output goes when it draws a status bar, or null */
    public PodmanProcess(Invocation invocation, Console console) {
        this.invocation = invocation;
        this.console = console;
    }

    public static String executable(java.util.Map<String, String> env) {
        String p = env.get("LAZYBUILD_PODMAN");
        return p == null || p.isBlank() ? "podman" : p;
    }

    /**
     * Whether this podman's {@code build} takes {@code option} (e.g. {@code --build-arg-file},
     * podman 4.6 and later): asked of {@code podman build --help}, so a podman in a chroot behind
     * LAZYBUILD_PODMAN answers for itself.
     */
    public static boolean hasBuildOption(java.util.Map<String, String> env, String option) {
        try {
            Process p = new ProcessBuilder(executable(env), "build", "--help").redirectErrorStream(true).start();
            String help = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            return help.contains(option + " ") || help.contains(option + "=");
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public int run(List<String> command) {
        return run(command, process -> List.of(process.toHandle()));
    }

    /**
     * As {@link #run(List)}, with SIGINT and SIGTERM passed to {@code signalTargets(process)}
     * instead of the process itself (a wrapper such as {@code podman unshare} that would die
     * on the signal without passing it on).
     */
    public int run(List<String> command, Function<Process, List<ProcessHandle>> signalTargets) {
        ProcessBuilder pb = new ProcessBuilder(command);
        boolean aboveTheBar = invocation.attached() && console != null && console.onScreen();
        if (invocation.attached()) {
            pb.inheritIO();
        }
        if (aboveTheBar) {
            pb.redirectError(ProcessBuilder.Redirect.PIPE);
            if (console.stdoutOnScreen()) {
                pb.redirectOutput(ProcessBuilder.Redirect.PIPE);
            }
        }
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new PrerequisiteException("cannot run " + command.get(0) + ": " + e.getMessage()
                    + " (install podman: 'apt-get install podman runc' or 'dnf install podman')", e);
        }
        Thread outPump = null;
        Thread errPump = null;
        if (!invocation.attached()) {
            closeQuietly(process);
            outPump = pump(process.getInputStream(), to(invocation.out()));
            errPump = pump(process.getErrorStream(), console != null ? console::passThrough : to(invocation.err()));
        } else if (aboveTheBar) {
            errPump = pump(process.getErrorStream(), console::passThrough);
            if (console.stdoutOnScreen()) {
                outPump = pump(process.getInputStream(), console::passThrough);
            }
        }
        Process started = process;
        SignalForwarding forwarding = SignalForwarding.install(() -> {
            List<ProcessHandle> targets = signalTargets.apply(started);
            return targets.isEmpty() ? List.of(started.toHandle()) : targets;
        }, signalled);
        try {
            int status = waitFor(process);
            join(outPump);
            join(errPump);
            int signal = signalled.get();
            return signal != 0 ? 128 + signal : status;
        } finally {
            forwarding.uninstall();
        }
    }

    private static int waitFor(Process process) {
        while (true) {
            try {
                return process.waitFor();
            } catch (InterruptedException e) {
                // Our thread was interrupted: stop podman, then keep waiting so we can clean up.
                process.destroy();
            }
        }
    }

    /** What a pump writes podman's output to, a chunk at a time. */
    private interface Sink {
        void write(char[] text, int offset, int length);
    }

    /** A writer as a sink: each chunk written whole and flushed. */
    private static Sink to(PrintWriter writer) {
        return (text, offset, length) -> {
            synchronized (writer) {
                writer.write(text, offset, length);
                writer.flush();
            }
        };
    }

    private static Thread pump(InputStream in, Sink to) {
        Thread t = DaemonThreads.create("podman-output", () -> {
            try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                char[] buf = new char[8192];
                for (int n; (n = r.read(buf)) > 0; ) {
                    to.write(buf, 0, n);
                }
            } catch (IOException e) {
                // podman closed its side: nothing more to copy.
            }
        });
        t.start();
        return t;
    }

    /** Tests give podman no stdin: a RUN step reading it must see end of file, not hang. */
    private static void closeQuietly(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // Already closed.
        }
    }

    private static void join(Thread t) {
        if (t == null) {
            return;
        }
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
