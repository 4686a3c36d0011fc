package dev.lazybuild.cli.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lazybuild.cli.terminal.ByteSize;
import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.FetchListener;
import dev.lazybuild.fetch.LazybuildException;
import dev.lazybuild.fetch.RemoteFile;
import dev.lazybuild.fetch.store.ContentStore;
import dev.lazybuild.vfs.fuse.ContentOpener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What one build asked of the mount, for the line printed after podman and for
 * {@code --summary-json}. Counted per distinct file at the {@link ContentOpener} (so the
 * FUSE adapter stays thin), except the downloaded bytes, which only the store sees.
 * Thread-safe: FUSE threads and download threads update it concurrently.
 */
public final class BuildSummary implements FetchListener {
    /**
     * The JSON document of {@code --summary-json}; field names are its schema.
     *
     * @param filesFailed distinct files whose open() failed (EIO in the build): a build that
     *        tolerated it may have made an image without a locked file
     * @param firstFailure the first of them, or null when none failed
     */
    public record Report(int filesOpened, int filesDownloaded, int filesFromCache, long bytesDownloaded,
                  double secondsWaitedForDownloads, int filesFailed, FailedOpen firstFailure, int podmanExitStatus) { }

    /**
     * One file the build could not open.
     *
     * @param path where the build saw it ({@code /cachi2/output/deps/...})
     * @param url the URL it was to come from (user info hidden), or null for a file that has none
     * @param reason why, as the store said it
     */
    public record FailedOpen(String path, String url, String reason) { }

    private final FetchListener next;
    private final Set<Digest> opened = ConcurrentHashMap.newKeySet();
    private final AtomicLong downloaded = new AtomicLong();
    private final AtomicLong fromCache = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong waitedNanos = new AtomicLong();
    private final Set<String> failedPaths = ConcurrentHashMap.newKeySet();
    private final AtomicReference<FailedOpen> firstFailure = new AtomicReference<>();

    /** @param next hears every store event too (the live status line) */
    BuildSummary(FetchListener next) {
        this.next = next;
    }

    /** Serves opens from {@code store}, counting what each first open of a file cost. */
    ContentOpener counting(ContentStore store) {
        return file -> {
            long started = System.nanoTime();
            boolean cached = store.cached(file.digest()).isPresent();
            Path content = store.fetch(file);
            if (!cached) {
                waitedNanos.addAndGet(System.nanoTime() - started);
            }
            if (opened.add(file.digest())) {
                (cached ? fromCache : downloaded).incrementAndGet();
            }
            return content;
        };
    }

    /** Counts a failed open() of {@code failed.path()}, each path once; the first is kept for the report. */
    void openFailed(FailedOpen failed) {
        if (failedPaths.add(failed.path())) {
            firstFailure.compareAndSet(null, failed);
        }
    }

    /** The digests of the files the build opened, so far. */
    Set<Digest> openedFiles() {
        return Set.copyOf(opened);
    }

    Report report(int podmanExitStatus) {
        return new Report(opened.size(), (int) downloaded.get(), (int) fromCache.get(), bytes.get(),
                Math.round(waitedNanos.get() / 1e6) / 1e3, failedPaths.size(), firstFailure.get(), podmanExitStatus);
    }

    /** One line for stderr. */
    public static String line(Report r) {
        return String.format(Locale.ROOT, "lazybuild: files: %d opened, %d downloaded (%s), %d from the cache%s;"
                        + " the build waited %.2f s for downloads",
                r.filesOpened(), r.filesDownloaded(), ByteSize.format(r.bytesDownloaded()), r.filesFromCache(),
                r.filesFailed() == 0 ? "" : ", " + r.filesFailed() + " failed", r.secondsWaitedForDownloads());
    }

    /**
     * The line that says which file failed, when one did: podman's status alone does not
     * tell, since a RUN step can go on after an EIO ({@code cat file || true}).
     */
    public static Optional<String> failureLine(Report r) {
        FailedOpen f = r.firstFailure();
        if (f == null) {
            return Optional.empty();
        }
        return Optional.of("the build could not open " + f.path() + (f.url() == null ? "" : " (" + f.url() + ")")
                + ": " + f.reason() + (r.filesFailed() > 1 ? "; and " + (r.filesFailed() - 1) + " more files" : "")
                + "; the image may lack files its lockfiles lock, so the build fails with exit status 4");
    }

    public static void writeJson(Report r, Path file) {
        try {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), r);
        } catch (IOException e) {
            throw new LazybuildException(LazybuildException.Kind.CONFIG, "cannot write the build summary to "
                    + file + ": " + e.getMessage() + " (check that its directory exists and is writable)", e);
        }
    }

    @Override
    public void servedFromCache(RemoteFile file) {
        next.servedFromCache(file);
    }

    @Override
    public void downloadStarted(RemoteFile file) {
        next.downloadStarted(file);
    }

    @Override
    public void downloadProgress(RemoteFile file, long soFar) {
        next.downloadProgress(file, soFar);
    }

    @Override
    public void downloadFinished(RemoteFile file, long fileBytes, long waited) {
        bytes.addAndGet(fileBytes);
        next.downloadFinished(file, fileBytes, waited);
    }

    @Override
    public void downloadFailed(RemoteFile file, Exception cause) {
        next.downloadFailed(file, cause);
    }
}
