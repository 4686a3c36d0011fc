package dev.lazybuild.fetch;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * How the store uses a team {@link Tier}: objects keyed by digest ({@code objects/sha256/ab/abcd...}),
 * looked up on a host-store miss before the upstream, written back in the background after an
 * upstream download so no open() waits for an upload.
 *
 * <p>The store asks it like any other source: {@link #source(Digest)} is the first URL of every
 * file, and what it returns goes through the same verification as the upstream's bytes.
 *
 * <p>A tier is a convenience, never a dependency: the first failure to reach it is one warning
 * line and the tier is left alone for the rest of this process, and wrong content from it is
 * dropped (the store verifies it) and reported once. Counters are atomics, read for the build
 * summary and {@code cache stats}.
 */
public final class TeamCache implements Upstream {
    /** The scheme of the URLs the store puts first in a file's list: {@code lazybuild-team:objects/sha256/...}. */
    static final String SCHEME = "lazybuild-team";

    private static final long UPLOAD_DRAIN_SECONDS = 300;

    private final Tier tier;
    private final boolean upload;
    private final Consumer<String> warnings;
    private final ExecutorService uploads;
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicBoolean corruptionReported = new AtomicBoolean();
    private final AtomicBoolean uploadFailureReported = new AtomicBoolean();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong corrupt = new AtomicLong();
    private final AtomicLong uploaded = new AtomicLong();

    /** What the tier did in this process. */
    public record Counts(long hits, long misses, long corrupt, long uploaded) { }

    /**
     * @param upload whether to write back files fetched from upstream (false: read-only, for untrusted runners)
     * @param warnings receives one-line warnings (tier down, corrupt object, failed upload)
     */
    public TeamCache(Tier tier, boolean upload, Consumer<String> warnings) {
        this.tier = tier;
        this.upload = upload;
        this.warnings = warnings;
        this.uploads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "team-cache-upload");
            t.setDaemon(true);
            return t;
        });
    }

    /** The tier's key for content with this digest. */
    public static String objectKey(Digest digest) {
        return "objects/" + digest.storeKey();
    }

    /** The URL under which the store asks this tier for {@code digest}'s content. */
    public static URI source(Digest digest) {
        return URI.create(SCHEME + ":" + objectKey(digest));
    }

    static boolean isSource(URI url) {
        return SCHEME.equals(url.getScheme());
    }

    /**
     * Writes the tier's copy to {@code out}. Absent, or the tier down, is an HTTP 404 to the
     * store: not worth a retry, so it goes straight on to the next URL (the upstream). A
     * resume (offset above 0) is a 416, so the store starts the part over: S3 objects come whole.
     */
    @Override
    public long download(URI url, long offset, OutputStream out) throws IOException {
        if (offset > 0) {
            throw new HttpStatusException(url, 416, null);
        }
        if (down.get()) {
            throw new HttpStatusException(url, 404, null);
        }
        CountingStream counted = new CountingStream(out);
        boolean found;
        try {
            found = tier.get(url.getSchemeSpecificPart(), counted);
        } catch (IOException e) {
            markDown(e);
            throw new HttpStatusException(url, 404, null);
        }
        (found ? hits : misses).incrementAndGet();
        if (!found) {
            throw new HttpStatusException(url, 404, null);
        }
        return counted.count;
    }

    @Override
    public long size(URI url) throws IOException {
        throw new HttpStatusException(url, 404, null); // sizes come from the lockfile or the upstream
    }

    /** Tells the tier's user that its copy of {@code digest} did not verify. */
    public void reportCorrupt(Digest digest, String problem) {
        corrupt.incrementAndGet();
        if (corruptionReported.compareAndSet(false, true)) {
            warnings.accept("team cache " + tier.describe() + " returned wrong content for " + digest
                    + " (" + problem + "); using the upstream instead");
        }
    }

    /** Uploads a verified file in the background, unless read-only or the tier is down. */
    public void uploadLater(Digest digest, Path file) {
        putFileLater(objectKey(digest), file);
    }

    /** Counts what passes, for {@link #download}'s return value. */
    private static final class CountingStream extends java.io.FilterOutputStream {
        private long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }
    }

    /** Any object by key (e.g. a repodata archive), into {@code target}; false when absent or the tier is down. */
    public boolean getFile(String key, Path target) {
        if (down.get()) {
            return false;
        }
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            boolean found = tier.get(key, out);
            (found ? hits : misses).incrementAndGet();
            return found;
        } catch (IOException e) {
            markDown(e);
            deleteQuietly(target);
            return false;
        }
    }

    /** Any object by key, uploaded in the background. The file must not change until {@link #close()}. */
    public void putFileLater(String key, Path file) {
        if (!upload || down.get()) {
            return;
        }
        uploads.execute(() -> {
            try {
                tier.put(key, file);
                uploaded.incrementAndGet();
            } catch (IOException | RuntimeException e) {
                if (uploadFailureReported.compareAndSet(false, true)) {
                    warnings.accept("team cache: " + e.getMessage() + " (the build goes on; later uploads may fail too)");
                }
            }
        });
    }

    public Counts counts() {
        return new Counts(hits.get(), misses.get(), corrupt.get(), uploaded.get());
    }

    public boolean isDown() {
        return down.get();
    }

    private void markDown(IOException e) {
        if (down.compareAndSet(false, true)) {
            warnings.accept(e.getMessage() + "; going on without the team cache for this run");
        }
    }

    /** Waits (bounded) for background uploads, so a short build still shares what it fetched. */
    @Override
    public void close() {
        uploads.shutdown();
        try {
            if (!uploads.awaitTermination(UPLOAD_DRAIN_SECONDS, TimeUnit.SECONDS)) {
                warnings.accept("team cache: uploads still running after " + UPLOAD_DRAIN_SECONDS + " s were abandoned");
                uploads.shutdownNow();
            }
        } catch (InterruptedException e) {
            uploads.shutdownNow();
            Thread.currentThread().interrupt();
        }
        tier.close();
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // a temporary file; the store's tmp sweep removes it
        }
    }
}
