package dev.lazybuild.cli.terminal;

import dev.lazybuild.fetch.DaemonThreads;
import dev.lazybuild.fetch.FetchListener;
import dev.lazybuild.fetch.RemoteFile;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What downloads are doing, shown in the {@link Console}'s status bar: the one progress
 * model of every command. Called from download threads; the bar is redrawn four times a
 * second by a thread of its own, never by a download.
 *
 * <p>A build's bar ({@link #whileBuilding}) exists only while a RUN step waits for a download
 * (the file, bytes so far, the rate) and goes when the last one ends. prefetch's
 * ({@link #ofFiles}) counts files done of the total; without a terminal it writes one plain
 * line per file instead, so CI logs stay readable. A build writes no such lines: they would
 * interleave with podman's.
 */
public final class Progress implements FetchListener, AutoCloseable {
    private static final long REFRESH_MS = 250;

    private record Download(String name, long size, long started, long soFar) { }

    private final Console console;
    private final int total;
    private final boolean plainLines;
    private final long started = System.nanoTime();
    private final Map<RemoteFile, Download> running = new ConcurrentHashMap<>();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger cached = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    private final ScheduledExecutorService ticker;

    private Progress(Console console, int total, boolean plainLines) {
        this.console = console;
        this.total = total;
        this.plainLines = plainLines;
        this.ticker = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("lazybuild-progress"));
        ticker.scheduleWithFixedDelay(this::redraw, REFRESH_MS, REFRESH_MS, TimeUnit.MILLISECONDS);
    }

    /** A build's: the bar while a download runs, nothing else. */
    public static Progress whileBuilding(Console console) {
        return new Progress(console, 0, false);
    }

    /**
     * prefetch's: files done of {@code total} in the bar, or one line per file off a terminal.
     *
     * @param shown false for nothing at all (-q, --no-progress)
     */
    public static Progress ofFiles(Console console, int total, boolean shown) {
        Console to = shown ? console : console.quiet();
        return new Progress(to, total, shown && !console.onScreen());
    }

    public int cached() {
        return cached.get();
    }

    public long bytes() {
        return bytes.get();
    }

    @Override
    public void servedFromCache(RemoteFile file) {
        done.incrementAndGet();
        cached.incrementAndGet();
        plainLine("cached     " + file.name());
    }

    @Override
    public void downloadStarted(RemoteFile file) {
        running.put(file, new Download(file.name(), file.size(), System.nanoTime(), 0));
    }

    @Override
    public void downloadProgress(RemoteFile file, long soFar) {
        // One thread downloads a file, so nothing changes its entry between get and put.
        Download before = running.get(file);
        if (before != null) {
            running.put(file, new Download(before.name(), before.size(), before.started(), soFar));
            bytes.addAndGet(soFar - before.soFar());
        }
    }

    @Override
    public void downloadFinished(RemoteFile file, long size, long waitedNanos) {
        Download before = running.remove(file);
        bytes.addAndGet(size - (before == null ? 0 : before.soFar()));
        done.incrementAndGet();
        plainLine(String.format(Locale.ROOT, "downloaded %s (%s in %.1f s)", file.name(), ByteSize.format(size),
                waitedNanos / 1e9));
        lastEnded();
    }

    @Override
    public void downloadFailed(RemoteFile file, Exception cause) {
        running.remove(file);
        done.incrementAndGet();
        failed.incrementAndGet();
        plainLine("failed     " + file.name());
        lastEnded();
    }

    /**
     * A build's bar goes at once when the last download ends: this runs before the blocked
     * open() returns, so the RUN step's next lines do not appear under a stale bar.
     */
    private void lastEnded() {
        if (total == 0 && running.isEmpty()) {
            redraw();
        }
    }

    private void plainLine(String line) {
        if (plainLines) {
            console.line(line);
        }
    }

    private synchronized void redraw() {
        console.status(text(System.nanoTime()));
    }

    /** The bar now, or null for no bar. */
    String text(long now) {
        if (total > 0) {
            return line(done.get(), total, bytes.get(), failed.get(), now - started);
        }
        Download d = running.values().stream().findFirst().orElse(null);
        return d == null ? null : text(d.name(), d.size(), d.soFar(), now - d.started(), running.size());
    }

    /** {@code lazybuild: downloading NAME 200.0 MiB/800.0 MiB 50.0 MiB/s (+1 more)}. */
    static String text(String name, long size, long soFar, long elapsedNanos, int downloads) {
        double seconds = Math.max(elapsedNanos / 1e9, 0.001);
        String of = size >= 0 ? "/" + ByteSize.format(size) : "";
        String more = downloads > 1 ? " (+" + (downloads - 1) + " more)" : "";
        return String.format(Locale.ROOT, "lazybuild: downloading %s %s%s %s/s%s",
                name, ByteSize.format(soFar), of, ByteSize.format((long) (soFar / seconds)), more);
    }

    /** {@code 12/40 files  35.2 MiB  11.7 MiB/s}, and the failures if any. */
    public static String line(int done, int total, long bytes, int failed, long elapsedNanos) {
        double seconds = Math.max(elapsedNanos / 1e9, 0.001);
        String rate = ByteSize.format((long) (bytes / seconds)) + "/s";
        return String.format(Locale.ROOT, "%d/%d files  %s  %s%s", done, total, ByteSize.format(bytes), rate,
                failed > 0 ? "  " + failed + " failed" : "");
    }

    /** Stops redrawing and removes the bar. */
    @Override
    public void close() {
        ticker.shutdownNow();
        running.clear();
        console.status(null);
    }
}
