package dev.lazybuild.cli.terminal;

import dev.lazybuild.fetch.DaemonThreads;
import dev.lazybuild.fetch.Printable;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Every line lazybuild writes for people: notices, warnings, errors, progress and the output
 * of podman passed through, each as one whole line ({@code lazybuild: ...}) even when
 * download threads write at once. Data (plan's listing, stats) goes to stdout, not here.
 *
 * <p>Made with {@link #forInvocation} for an attached stderr that is a terminal, it also keeps
 * a live status bar at the bottom ({@link #status}) with everything else scrolling above it.
 * That terminal is opened on a thread of its own (JLine's exec provider runs stty, which can
 * take a second on a loaded host), so no command waits for it; until it is open, and everywhere
 * else (tests, CI logs, pipes), lines are plain and there is no bar and no escape sequence.
 */
public final class Console implements AutoCloseable {
    /** How long {@link #onScreen} waits for the terminal before settling for plain lines. */
    private static final long SCREEN_WAIT_SECONDS = 5;

    private final PrintWriter err;
    private final boolean quiet;
    private final CompletableFuture<Optional<Screen>> screen;
    private final Object lock;
    private volatile boolean closed;

    /** @param quiet notices and progress off (-q); warnings and errors are always written */
    public Console(PrintWriter err, boolean quiet) {
        this(err, quiet, CompletableFuture.completedFuture(Optional.empty()), err);
    }

    private Console(PrintWriter err, boolean quiet, CompletableFuture<Optional<Screen>> screen, Object lock) {
        this.err = err;
        this.quiet = quiet;
        this.screen = screen;
        this.lock = lock;
    }

    /**
     * A console that draws a status bar when the invocation is attached and its stderr is a
     * terminal (TERM and NO_COLOR are the invocation's); close it to remove the bar. A quiet
     * console draws no bar, so it does not open the terminal either.
     */
    public static Console forInvocation(Invocation invocation, boolean quiet) {
        if (!invocation.attached() || quiet) {
            return new Console(invocation.err(), quiet);
        }
        CompletableFuture<Optional<Screen>> screen = new CompletableFuture<>();
        DaemonThreads.create("lazybuild-terminal", () -> screen.complete(Screen.open(invocation.env()))).start();
        return new Console(invocation.err(), quiet, screen, invocation.err());
    }

    /** A console for the same stream (and bar) with notices and progress off. */
    public Console quiet() {
        return new Console(err, true, screen, lock);
    }

    boolean isQuiet() {
        return quiet;
    }

    public void notice(String text) {
        if (!quiet) {
            line("lazybuild: " + text);
        }
    }

    public void warning(String text) {
        line("lazybuild: warning: " + text);
    }

    public void error(String text) {
        line("lazybuild: error: " + text);
    }

    /** A whole line of its own (the build summary), unless quiet. */
    public void report(String line) {
        if (!quiet) {
            line(line);
        }
    }

    /**
     * One line, whatever the verbosity. Every line quotes something a lockfile or a server
     * wrote (a file name, a URL, an error text), so it is made printable here, once: control
     * characters escaped, a URL's {@code user:password@} shown as {@code ***@}.
     */
    void line(String text) {
        String printable = Printable.url(text);
        synchronized (lock) {
            PrintWriter to = writer();
            to.println(printable);
            to.flush();
        }
    }

    /** Text from another program (podman), as it comes, above the bar when there is one. */
    public void passThrough(char[] text, int offset, int length) {
        synchronized (lock) {
            PrintWriter to = writer();
            to.write(text, offset, length);
            to.flush();
        }
    }

    /**
     * Whether this console draws a bar: waits (a few seconds at most) for the terminal to be
     * opened. What decides whether podman's output must pass through {@link #passThrough}.
     */
    public boolean onScreen() {
        return awaitScreen().isPresent();
    }

    /** Whether podman's stdout is the same terminal as its stderr (see {@link #onScreen}). */
    public boolean stdoutOnScreen() {
        return awaitScreen().map(Screen::stdoutToo).orElse(false);
    }

    /**
     * Shows {@code text} in the status bar, or removes the bar when it is null or empty; does
     * nothing when quiet or without a terminal (so a caller never prints progress twice).
     */
    public void status(String text) {
        if (quiet) {
            return;
        }
        synchronized (lock) {
            drawing().ifPresent(s -> s.bar(text));
        }
    }

    /** Removes the bar; later lines (the error reporter's) are plain again. */
    @Override
    public void close() {
        Optional<Screen> s = awaitScreen();
        synchronized (lock) {
            closed = true;
            s.ifPresent(Screen::close);
        }
    }

    private Optional<Screen> drawing() {
        return closed ? Optional.empty() : screen.getNow(Optional.empty());
    }

    private PrintWriter writer() {
        return drawing().map(Screen::writer).orElse(err);
    }

    private Optional<Screen> awaitScreen() {
        try {
            return screen.get(SCREEN_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // Settled for good: a terminal opened later must not start drawing under podman's output.
            screen.complete(Optional.empty());
            return screen.getNow(Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
