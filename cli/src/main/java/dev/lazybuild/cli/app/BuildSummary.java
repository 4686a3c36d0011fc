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
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What one build asked of the mount and what it downloaded, for the line printed after podman
 * and for {@code --summary-json}. Opens are counted per distinct file at the
 * {@link ContentOpener} (so the FUSE adapter stays thin); downloads are counted as the store
 * (and the repodata writer, for headers) reports them, whatever started them: an open, the
 * fetch-ahead, or repodata (whole RPMs, or only their headers). Each download is put down to
 * whoever claimed its file first ({@link #claim}); a download nobody claimed was made for
 * repodata, the only other reason a build downloads (RPMs, and the signing keys that check
 * their headers). Thread-safe: FUSE threads and download threads update it concurrently.
 */
public final class BuildSummary implements FetchListener {
    /**
     * The JSON document of {@code --summary-json}; field names are its schema.
     *
     * @param filesOpened distinct files the build opened
     * @param filesDownloaded files downloaded for any reason, the sum of the four below
     * @param filesFromCache opened files this build did not download (the cache had them)
     * @param bytesDownloaded every byte downloaded, headers included
     * @param filesFailed distinct files whose open() failed (EIO in the build): a build that
     *        tolerated it may have made an image without a locked file
     * @param firstFailure the first of them, or null when none failed
     * @param filesDownloadedOnOpen downloaded because the build opened them
     * @param filesFetchedAhead downloaded by the fetch-ahead (see {@link FetchAhead})
     * @param filesFetchedAheadOpened of those, how many the build then opened
     * @param filesDownloadedForRepodata downloaded whole for repodata (or their header signatures' keys)
     * @param rpmHeadersForRepodata RPMs of which only the header was read, for repodata
     */
    public record Report(int filesOpened, int filesDownloaded, int filesFromCache, long bytesDownloaded,
                  double secondsWaitedForDownloads, int filesFailed, FailedOpen firstFailure, int podmanExitStatus,
                  int filesDownloadedOnOpen, int filesFetchedAhead, int filesFetchedAheadOpened,
                  int filesDownloadedForRepodata, int rpmHeadersForRepodata) { }

    /**
     * One file the build could not open.
     *
     * @param path where the build saw it ({@code /cachi2/output/deps/...})
     * @param url the URL it was to come from (user info hidden), or null for a file that has none
     * @param reason why, as the store said it
     */
    public record FailedOpen(String path, String url, String reason) { }

    /** Why a file was downloaded. */
    enum Cause { OPEN, FETCH_AHEAD, REPODATA }

    private final FetchListener next;
    private final Set<Digest> opened = ConcurrentHashMap.newKeySet();
    private final Map<Digest, Cause> claims = new ConcurrentHashMap<>();
    private final Map<Digest, Cause> downloads = new ConcurrentHashMap<>();
    private final Set<Digest> headersRead = ConcurrentHashMap.newKeySet();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong waitedNanos = new AtomicLong();
    private final Set<String> failedPaths = ConcurrentHashMap.newKeySet();
    private final AtomicReference<FailedOpen> firstFailure = new AtomicReference<>();
    private volatile Runnable onOpen = () -> { };

    /** @param next hears every store event too (the live status line) */
    BuildSummary(FetchListener next) {
        this.next = next;
    }

    /**
     * Serves opens from {@code store}, counting what each first open of a file cost; every open
     * runs {@link #whenOpening} first (the build's first open starts the fetch-ahead).
     */
    ContentOpener counting(ContentStore store) {
        return file -> {
            long started = System.nanoTime();
            boolean cached = store.cached(file.digest()).isPresent();
            if (!cached) {
                claim(file, Cause.OPEN); // before the fetch-ahead starts, which would claim it too
            }
            onOpen.run();
            Path content = store.fetch(file);
            if (!cached) {
                waitedNanos.addAndGet(System.nanoTime() - started);
            }
            opened.add(file.digest());
            return content;
        };
    }

    /** What every open runs before it is served; it must be quick and safe to run many times. */
    void whenOpening(Runnable action) {
        onOpen = action;
    }

    /**
     * Puts the next download of {@code file} down to {@code cause}, unless someone claimed it
     * already (an open that joins the fetch-ahead's download leaves it the fetch-ahead's).
     */
    void claim(RemoteFile file, Cause cause) {
        claims.putIfAbsent(file.digest(), cause);
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
        Map<Cause, Integer> byCause = new EnumMap<>(Cause.class);
        downloads.values().forEach(c -> byCause.merge(c, 1, Integer::sum));
        int aheadOpened = (int) downloads.entrySet().stream()
                .filter(e -> e.getValue() == Cause.FETCH_AHEAD && opened.contains(e.getKey())).count();
        int headersOnly = (int) headersRead.stream().filter(d -> !downloads.containsKey(d)).count();
        int fromCache = (int) opened.stream().filter(d -> !downloads.containsKey(d)).count();
        return new Report(opened.size(), downloads.size() + headersOnly, fromCache, bytes.get(),
                Math.round(waitedNanos.get() / 1e6) / 1e3, failedPaths.size(), firstFailure.get(), podmanExitStatus,
                byCause.getOrDefault(Cause.OPEN, 0), byCause.getOrDefault(Cause.FETCH_AHEAD, 0), aheadOpened,
                byCause.getOrDefault(Cause.REPODATA, 0), headersOnly);
    }

    /** One line for stderr. */
    public static String line(Report r) {
        return String.format(Locale.ROOT, "lazybuild: files: %d opened, %d downloaded (%s%s), %d from the cache%s;"
                        + " the build waited %.2f s for downloads",
                r.filesOpened(), r.filesDownloaded(), ByteSize.format(r.bytesDownloaded()), reasons(r), r.filesFromCache(),
                r.filesFailed() == 0 ? "" : ", " + r.filesFailed() + " failed", r.secondsWaitedForDownloads());
    }

    /** Why files were downloaded, when anything but the build's opens downloaded them: ": 2 on open, 3 fetched ahead (...)". */
    private static String reasons(Report r) {
        if (r.filesDownloaded() == r.filesDownloadedOnOpen()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        if (r.filesDownloadedOnOpen() > 0) {
            parts.add(r.filesDownloadedOnOpen() + " on open");
        }
        if (r.filesFetchedAhead() > 0) {
            parts.add(r.filesFetchedAhead() + " fetched ahead (" + r.filesFetchedAheadOpened() + " then opened, "
                    + (r.filesFetchedAhead() - r.filesFetchedAheadOpened()) + " not)");
        }
        if (r.filesDownloadedForRepodata() > 0) {
            parts.add(r.filesDownloadedForRepodata() + " whole for repodata");
        }
        if (r.rpmHeadersForRepodata() > 0) {
            parts.add(r.rpmHeadersForRepodata() + (r.rpmHeadersForRepodata() == 1 ? " RPM header" : " RPM headers")
                    + " for repodata");
        }
        return ": " + String.join(", ", parts);
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
        downloads.putIfAbsent(file.digest(), claims.getOrDefault(file.digest(), Cause.REPODATA));
        next.downloadFinished(file, fileBytes, waited);
    }

    @Override
    public void partRead(RemoteFile file, long partBytes) {
        bytes.addAndGet(partBytes);
        headersRead.add(file.digest());
        next.partRead(file, partBytes);
    }

    @Override
    public void downloadFailed(RemoteFile file, Exception cause) {
        next.downloadFailed(file, cause);
    }
}
