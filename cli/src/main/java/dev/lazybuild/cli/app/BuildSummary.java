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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one build asked of the mount, for the line printed after podman and for
 * {@code --summary-json}. Counted per distinct file at the {@link ContentOpener} (so the
 * FUSE adapter stays thin), except the downloaded bytes, which only the store sees.
 * Thread-safe: FUSE threads and download threads update it concurrently.
 */
public final class BuildSummary implements FetchListener {
    /** The JSON document of {@code --summary-json}; field names are its schema. */
    public record Report(int filesOpened, int filesDownloaded, int filesFromCache, long bytesDownloaded,
                  double secondsWaitedForDownloads, int podmanExitStatus) { }

    private final FetchListener next;
    private final Set<Digest> opened = ConcurrentHashMap.newKeySet();
    private final AtomicLong downloaded = new AtomicLong();
    private final AtomicLong fromCache = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong waitedNanos = new AtomicLong();

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

    /** The digests of the files the build opened, so far. */
    Set<Digest> openedFiles() {
        return Set.copyOf(opened);
    }

    Report report(int podmanExitStatus) {
        return new Report(opened.size(), (int) downloaded.get(), (int) fromCache.get(), bytes.get(),
                Math.round(waitedNanos.get() / 1e6) / 1e3, podmanExitStatus);
    }

    /** One line for stderr. */
    public static String line(Report r) {
        return String.format(Locale.ROOT, "lazybuild: files: %d opened, %d downloaded (%s), %d from the cache;"
                        + " the build waited %.2f s for downloads",
                r.filesOpened(), r.filesDownloaded(), ByteSize.format(r.bytesDownloaded()), r.filesFromCache(),
                r.secondsWaitedForDownloads());
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
