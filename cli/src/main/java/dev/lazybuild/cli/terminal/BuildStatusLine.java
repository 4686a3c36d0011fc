package dev.lazybuild.cli.terminal;

import dev.lazybuild.fetch.DaemonThreads;
import dev.lazybuild.fetch.FetchListener;
import dev.lazybuild.fetch.RemoteFile;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * On a terminal, one status line on stderr while a RUN step waits for a download: the file,
 * bytes so far and the rate. It exists only while a download runs and is erased
 * ({@code \r} + clear to end of line) when the last one ends, so podman's own lines, which
 * it does not print while its RUN step is blocked in open(), stay intact. Off the terminal
 * (CI logs, pipes) it prints nothing.
 */
public final class BuildStatusLine implements FetchListener, AutoCloseable {
    private static final long REFRESH_MS = 250;
    private static final String ERASE = "\r\033[K";

    private record Download(String name, long size, long started, long soFar) { }

    private final PrintWriter terminal;
    private final Map<RemoteFile, Download> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker;
    private boolean shown;

    /** @param terminal where to draw, or null to draw nothing */
    private BuildStatusLine(PrintWriter terminal) {
        this.terminal = terminal;
        if (terminal == null) {
            this.ticker = null;
            return;
        }
        this.ticker = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("lazybuild-status"));
        ticker.scheduleWithFixedDelay(this::redraw, REFRESH_MS, REFRESH_MS, TimeUnit.MILLISECONDS);
    }

    /** A status line on stderr when lazybuild runs attached to an interactive terminal, else a silent one. */
    public static BuildStatusLine forTerminal(Invocation invocation) {
        return new BuildStatusLine(invocation.attached() && System.console() != null ? invocation.err() : null);
    }

    public boolean drawing() {
        return terminal != null;
    }

    @Override
    public void downloadStarted(RemoteFile file) {
        running.put(file, new Download(file.name(), file.size(), System.nanoTime(), 0));
    }

    @Override
    public void downloadProgress(RemoteFile file, long soFar) {
        running.computeIfPresent(file, (f, d) -> new Download(d.name(), d.size(), d.started(), soFar));
    }

    @Override
    public void downloadFinished(RemoteFile file, long bytes, long waitedNanos) {
        ended(file);
    }

    @Override
    public void downloadFailed(RemoteFile file, Exception cause) {
        ended(file);
    }

    /**
     * Erases the line at once when the last download ends: this runs before the blocked open()
     * returns, so the RUN step's next output starts on a clean line, not after ours.
     */
    private void ended(RemoteFile file) {
        running.remove(file);
        if (running.isEmpty()) {
            redraw();
        }
    }

    private synchronized void redraw() {
        if (terminal == null) {
            return;
        }
        Download d = running.values().stream().findFirst().orElse(null);
        synchronized (terminal) {
            if (d == null) {
                if (shown) {
                    terminal.print(ERASE);
                    terminal.flush();
                    shown = false;
                }
                return;
            }
            terminal.print(ERASE + text(d, running.size(), System.nanoTime()));
            terminal.flush();
            shown = true;
        }
    }

    static String text(Download d, int downloads, long now) {
        double seconds = Math.max((now - d.started()) / 1e9, 0.001);
        String of = d.size() >= 0 ? "/" + ByteSize.format(d.size()) : "";
        String more = downloads > 1 ? " (+" + (downloads - 1) + " more)" : "";
        return String.format(Locale.ROOT, "lazybuild: downloading %s %s%s %s/s%s",
                d.name(), ByteSize.format(d.soFar()), of, ByteSize.format((long) (d.soFar() / seconds)), more);
    }

    static String text(String name, long size, long soFar, long elapsedNanos, int downloads) {
        return text(new Download(name, size, 0, soFar), downloads, elapsedNanos);
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        running.clear();
        redraw();
    }
}
