package dev.lazybuild.cli.terminal;

import dev.lazybuild.fetch.FetchListener;
import dev.lazybuild.fetch.RemoteFile;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Progress of many parallel downloads. On a terminal, one line redrawn in place (files
 * done/total, bytes downloaded, rate), at most ten times a second; otherwise (CI logs, a
 * pipe) one plain line per file, so logs stay readable. Called from download threads.
 */
public final class TerminalProgress implements FetchListener {
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter to;
    private final boolean terminal;
    private final int total;
    private final long started = System.nanoTime();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger cached = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    private final Map<RemoteFile, Long> seen = new ConcurrentHashMap<>();
    private volatile long lastDrawn;

    public TerminalProgress(PrintWriter to, boolean terminal, int total) {
        this.to = to;
        this.terminal = terminal;
        this.total = total;
    }
public 
    int cached() {
        return cached.get();
    }

    public long bytes() {
        return bytes.get();
    }

    @Override
    public void servedFromCache(RemoteFile file) {
        done.incrementAndGet();
        cached.incrementAndGet();
        report("cached     " + file.name());
    }

    @Override
    public void downloadProgress(RemoteFile file, long soFar) {
        Long before = seen.put(file, soFar);
        bytes.addAndGet(soFar - (before == null ? 0 : before));
        if (terminal) {
            redraw(false);
        }
    }

    @Override
    public void downloadFinished(RemoteFile file, long size, long waitedNanos) {
        Long before = seen.remove(file);
        bytes.addAndGet(size - (before == null ? 0 : before));
        done.incrementAndGet();
        report(String.format(Locale.ROOT, "downloaded %s (%s in %.1f s)", file.name(), ByteSize.format(size),
                waitedNanos / 1e9));
    }

    @Override
    public void downloadFailed(RemoteFile file, Exception cause) {
        seen.remove(file);
        done.incrementAndGet();
        failed.incrementAndGet();
        report("failed     " + file.name());
    }

    /** Ends the updating line. */
    public void finish() {
        if (terminal) {
            redraw(true);
            synchronized (to) {
                to.println();
                to.flush();
            }
        }
    }

    private void report(String plainLine) {
        if (terminal) {
            redraw(false);
            return;
        }
        synchronized (to) {
            to.println(plainLine);
            to.flush();
        }
    }

    private void redraw(boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastDrawn < REDRAW_NANOS && done.get() < total) {
            return;
        }
        lastDrawn = now;
        String line = line(done.get(), total, bytes.get(), failed.get(), now - started);
        synchronized (to) {
            to.print("\r" + line + "\u001b[K");
            to.flush();
        }
    }

    /** {@code 12/40 files  35.2 MiB  11.7 MiB/s}, and the failures if any. */
    public static String line(int done, int total, long bytes, int failed, long elapsedNanos) {
        double seconds = Math.max(elapsedNanos / 1e9, 0.001);
        String rate = ByteSize.format((long) (bytes / seconds)) + "/s";
        return String.format(Locale.ROOT, "%d/%d files  %s  %s%s", done, total, ByteSize.format(bytes), rate,
                failed > 0 ? "  " + failed + " failed" : "");
    }
}
