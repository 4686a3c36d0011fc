package dev.lazybuild.cli.terminal;

import dev.lazybuild.fetch.FetchListener;
import dev.lazybuild.fetch.RemoteFile;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Progress lines on stderr for the eager steps of a build (the RPMs a repodata miss needs):
 * at most one line a second, then a total. Silent outside {@link #during}, so the lazy
 * downloads while podman runs do not interleave with podman's output.
 */
public final class DownloadProgress implements FetchListener {
    private static final long INTERVAL_NANOS = 1_000_000_000L;

    private final Console console;
    private final AtomicInteger files = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong lastLine = new AtomicLong();
    private volatile boolean active;
public 
    DownloadProgress(Console console) {
        this.console = console;
    }

    /** Runs {@code step} with progress lines on, then prints the total of what it downloaded. */
    public <T> T during(String what, Supplier<T> step) {
        files.set(0);
        bytes.set(0);
        lastLine.set(System.nanoTime());
        active = true;
        try {
            return step.get();
        } finally {
            active = false;
            if (files.get() > 0) {
                line(what + ": downloaded " + files.get() + " files, " + ByteSize.format(bytes.get()));
            }
        }
    }

    @Override
    public void downloadFinished(RemoteFile file, long size, long waitedNanos) {
        if (!active) {
            return;
        }
        files.incrementAndGet();
        bytes.addAndGet(size);
        long now = System.nanoTime();
        long last = lastLine.get();
        if (now - last >= INTERVAL_NANOS && lastLine.compareAndSet(last, now)) {
            line("  " + files.get() + " files, " + ByteSize.format(bytes.get()) + " so far");
        }
    }

    private void line(String text) {
        console.notice(text);
    }
}
