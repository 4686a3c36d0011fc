package dev.lazybuild.fetch.team;

import dev.lazybuild.fetch.DaemonThreads;
import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.Origin;
import dev.lazybuild.fetch.RemoteFile;
import dev.lazybuild.fetch.Source;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The team tier as a {@link Source} of the store's chain: objects keyed by digest
 * ({@code objects/sha256/ab/abcd...}), asked on a host-store miss before the upstream, and
 * written back in the background once the store kept a file another source delivered, so no
 * open() waits for an upload. It answers sizes too (a HEAD of its object), so a machine whose
 * tier holds every file never contacts the upstream.
 *
 * <p>A tier is a convenience, never a dependency: the first failure to reach it is one warning
 * line and the tier is left alone for the rest of this process, and wrong content from it is
 * dropped (the store verifies it) and reported once. Counters are atomics, read for the build
 * summary and {@code cache stats}; repodata files are counted apart from locked content.
 */
public final class TeamTier implements Source, AutoCloseable {
    private static final long UPLOAD_DRAIN_SECONDS = 300;

    private final Tier tier;
    private final boolean upload;
    private final Consumer<String> warnings;
    private final ExecutorService uploads = Executors.newFixedThreadPool(2, DaemonThreads.named("team-cache-upload"));
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicBoolean corruptionReported = new AtomicBoolean();
    private final AtomicBoolean uploadFailureReported = new AtomicBoolean();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong corrupt = new AtomicLong();
    private final AtomicLong uploaded = new AtomicLong();
    private final AtomicLong repodata = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();

    /** What the tier did in this process: files served, asked for in vain, rejected, written back; repodata files served. */
    public record Counts(long hits, long misses, long corrupt, long uploaded, long repodata) { }

    /**
     * @param upload whether to write back files fetched from upstream (false: read-only, for untrusted runners)
     * @param warnings receives one-line warnings (tier down, corrupt object, failed upload)
     */
    public TeamTier(Tier tier, boolean upload, Consumer<String> warnings) {
        this.tier = tier;
        this.upload = upload;
        this.warnings = warnings;
    }

    /** The tier's key for content with this digest. */
    public static String objectKey(Digest digest) {
        return "objects/" + digest.storeKey();
    }

    @Override
    public String name() {
        return "team";
    }

    /** One origin, the object named by the digest; none once the tier is down. */
    @Override
    public List<Origin> origins(RemoteFile file) {
        if (down.get()) {
            return List.of();
        }
        String key = objectKey(file.digest());
        return List.of(new Origin() {
            @Override
            public String describe() {
                return "team cache " + tier.describe() + " object " + key;
            }

            @Override
            public boolean resumable() {
                return false; // S3 objects come whole
            }

            @Override
            public void transfer(long offset, OutputStream out) throws IOException {
                boolean found;
                try {
                    requests.incrementAndGet();
                    found = tier.get(key, new CountingStream(out));
                } catch (IOException e) {
                    markDown(e);
                    throw new Absent(describe() + ": " + e.getMessage());
                }
                if (!found) {
                    misses.incrementAndGet();
                    throw new Absent(describe() + " is absent");
                }
            }
        });
    }

    /** A HEAD of the object; empty when absent or the tier is down, so the next source is asked. */
    @Override
    public OptionalLong size(RemoteFile file) {
        if (down.get()) {
            return OptionalLong.empty();
        }
        try {
            requests.incrementAndGet();
            return tier.size(objectKey(file.digest()));
        } catch (IOException e) {
            markDown(e);
            return OptionalLong.empty();
        }
    }

    /** Counts a hit when the file came from here; else writes it back, so the next machine finds it. */
    @Override
    public void stored(RemoteFile file, Path object, Source from) {
        if (from == this) {
            hits.incrementAndGet();
        } else {
            putFileLater(objectKey(file.digest()), object);
        }
    }

    @Override
    public void rejected(RemoteFile file, String problem) {
        corrupt.incrementAndGet();
        if (corruptionReported.compareAndSet(false, true)) {
            warnings.accept("team cache " + tier.describe() + " returned wrong content for " + file.digest()
                    + " (" + problem + "); using the upstream instead");
        }
    }

    /**
     * A repodata file by key, into {@code target}; false when absent or the tier is down.
     * Counted as repodata, never as a hit of locked content.
     */
    public boolean getRepodataFile(String key, Path target) {
        if (down.get()) {
            return false;
        }
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            requests.incrementAndGet();
            boolean found = tier.get(key, new CountingStream(out));
            if (found) {
                repodata.incrementAndGet();
            }
            return found;
        } catch (IOException e) {
            markDown(e);
            try {
                Files.deleteIfExists(target);
            } catch (IOException ignored) {
                // a temporary file; the store's tmp sweep removes it
            }
            return false;
        }
    }

    /**
     * A small object by key (a fetch-ahead record), or empty when absent, larger than
     * {@code maxBytes}, or the tier is down: what it holds is a hint, and reading it must not
     * fill memory or disk.
     */
    public Optional<byte[]> getSmall(String key, int maxBytes) {
        if (down.get()) {
            return Optional.empty();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            requests.incrementAndGet();
            boolean found = tier.get(key, new CountingStream(new FilterOutputStream(bytes) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    if (bytes.size() + len > maxBytes) {
                        throw new TooLarge();
                    }
                    out.write(b, off, len);
                }

                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }
            }));
            return found ? Optional.of(bytes.toByteArray()) : Optional.empty();
        } catch (TooLarge e) {
            return Optional.empty();
        } catch (IOException e) {
            if (e.getCause() instanceof TooLarge) {
                return Optional.empty(); // the tier wrapped it
            }
            markDown(e);
            return Optional.empty();
        }
    }

    /** An object too large for {@link #getSmall}: reading it stopped. */
    private static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;
    }

    /** A small object by key, uploaded in the background (from a temporary file removed once it is sent). */
    public void putBytesLater(String key, byte[] content) {
        if (!upload || down.get()) {
            return;
        }
        try {
            Path file = Files.createTempFile("lazybuild-team-", ".bin");
            Files.write(file, content);
            putLater(key, file, true);
        } catch (IOException e) {
            // Sharing is an optimisation: nothing is lost but the hint for other machines.
        }
    }

    /** Any object by key, uploaded in the background. The file must not change until {@link #close()}. */
    public void putFileLater(String key, Path file) {
        if (!upload || down.get()) {
            return;
        }
        putLater(key, file, false);
    }

    private void putLater(String key, Path file, boolean deleteAfter) {
        uploads.execute(() -> {
            try {
                tier.put(key, file);
                uploaded.incrementAndGet();
            } catch (IOException | RuntimeException e) {
                if (uploadFailureReported.compareAndSet(false, true)) {
                    warnings.accept("team cache: " + e.getMessage() + " (the build goes on; later uploads may fail too)");
                }
            } finally {
                if (deleteAfter) {
                    try {
                        Files.deleteIfExists(file);
                    } catch (IOException e) {
                        // a temporary file in the system's temporary directory
                    }
                }
            }
        });
    }

    public Counts counts() {
        return new Counts(hits.get(), misses.get(), corrupt.get(), uploaded.get(), repodata.get());
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("hits", hits.get());
        out.put("misses", misses.get());
        out.put("corrupt", corrupt.get());
        out.put("uploads", uploaded.get());
        out.put("repodata", repodata.get());
        out.put("bytes", bytes.get());
        out.put("requests", requests.get());
        return out;
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

    /** Counts the bytes the tier delivers. */
    private final class CountingStream extends FilterOutputStream {
        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            bytes.addAndGet(len);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            bytes.incrementAndGet();
        }
    }
}
