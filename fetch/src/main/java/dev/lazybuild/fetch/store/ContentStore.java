package dev.lazybuild.fetch.store;

import dev.lazybuild.fetch.BaseDirectories;
import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.FetchException;
import dev.lazybuild.fetch.FetchListener;
import dev.lazybuild.fetch.Origin;
import dev.lazybuild.fetch.RemoteFile;
import dev.lazybuild.fetch.Source;
import dev.lazybuild.fetch.http.HttpStatusException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The host's content-addressed store, the first tier of the chain: {@code objects/<algo>/<xx>/<hex>}
 * holds verified content only. On a miss it asks its {@link Source}s in the order the
 * {@link Builder} was given them (the team tier, then the upstream), and each source hears
 * which one delivered, so the team tier writes back what the upstream gave.
 *
 * <p>Concurrency discipline. A file reaches its final name only by an atomic rename of a
 * temporary file that was fully written, fsynced and verified, so a reader that finds a
 * final name may use it without a lock. Writers coordinate at two levels: within this JVM,
 * requests for one digest join one {@link CompletableFuture} in {@link #IN_FLIGHT}; across
 * processes, the thread that owns that future takes the digest's {@link CrossProcessLock}
 * before it downloads, and checks for the final name again once it holds the lock, so a file
 * is downloaded once per host. The partial file has a fixed name under {@code tmp/}, guarded by
 * that same lock, so the next process to take the lock after a crash resumes it from a
 * resumable origin (HTTP Range).
 *
 * <p>The in-flight map is static and keyed by the lock file, because record locks belong to
 * the process: two stores on one root in the same JVM (a test, or prefetch and build in one
 * process) must join in memory.
 */
public final class ContentStore {
    private static final int ATTEMPTS_PER_ORIGIN = 4;
    private static final Map<Path, CompletableFuture<Path>> IN_FLIGHT = new ConcurrentHashMap<>();
    private static final long PROGRESS_STEP = 1 << 18;

    private final StoreLayout layout;
    private final List<Source> sources;
    private final FetchListener listener;
    private final AtomicLong hostHits = new AtomicLong();

    private ContentStore(StoreLayout layout, List<Source> sources, FetchListener listener) {
        this.layout = layout;
        this.sources = List.copyOf(sources);
        this.listener = listener;
    }

    /** Starts the chain at the host store in {@code root}: {@code builder(root).then(team).then(upstream).build()}. */
    public static Builder builder(Path root) {
        return new Builder(root);
    }

    /** Composes the chain explicitly, in the order the sources are asked. */
    public static final class Builder {
        private final Path root;
        private final List<Source> sources = new ArrayList<>();
        private FetchListener listener = FetchListener.NONE;

        private Builder(Path root) {
            this.root = root;
        }

        /** The next source asked on a miss; null (a team tier that is not configured) adds nothing. */
        public Builder then(Source source) {
            if (source != null) {
                sources.add(source);
            }
            return this;
        }

        /** Hears every file served, downloaded or failed, for progress and summaries. */
        public Builder listener(FetchListener listener) {
            this.listener = listener;
            return this;
        }

        public ContentStore build() {
            return new ContentStore(StoreLayout.create(root), sources, listener);
        }
    }

    /**
     * The default store location: {@code LAZYBUILD_CACHE_DIR}, else
     * {@code $XDG_CACHE_HOME/lazybuild}, else {@code ~/.cache/lazybuild}.
     */
    public static Path defaultRoot(Map<String, String> env) {
        return BaseDirectories.of(env, "LAZYBUILD_CACHE_DIR", "XDG_CACHE_HOME", ".cache");
    }

    /** The first source of the chain of this type, e.g. the team tier for repodata. */
    public <T extends Source> Optional<T> source(Class<T> type) {
        return sources.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    public Path root() {
        return layout.root();
    }

    public StoreLayout layout() {
        return layout;
    }

    /** Where the verified content with this digest lives once it is stored. */
    public Path objectPath(Digest digest) {
        return layout.object(digest);
    }

    /** The stored file, without downloading. */
    public Optional<Path> cached(Digest digest) {
        Path p = objectPath(digest);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /**
     * The file's content in the store, asking the chain when absent. Blocks the calling thread
     * only; callers for the same digest share one download.
     *
     * @throws FetchException when no source gives the promised content
     */
    public Path fetch(RemoteFile file) {
        Path target = objectPath(file.digest());
        if (Files.isRegularFile(target)) {
            touch(target);
            servedFromHost(file);
            return target;
        }
        Path lockFile = layout.lock(file.digest());
        CompletableFuture<Path> mine = new CompletableFuture<>();
        CompletableFuture<Path> running = IN_FLIGHT.putIfAbsent(lockFile, mine);
        if (running != null) {
            Path joined = join(running);
            servedFromHost(file);
            return joined;
        }
        try {
            Path done = fetchUnderLock(file, target);
            mine.complete(done);
            return done;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            IN_FLIGHT.remove(lockFile, mine);
        }
    }

    /** The size the store learned for content whose lockfile gave none (npm). */
    public OptionalLong rememberedSize(Digest digest) {
        Path stored = objectPath(digest);
        try {
            if (Files.isRegularFile(stored)) {
                return OptionalLong.of(Files.size(stored));
            }
            return OptionalLong.of(Long.parseLong(Files.readString(layout.size(digest)).trim()));
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty(); // a damaged entry is only a lost hint: ask again
        }
    }

    /**
     * The file's size: from the lockfile, the store, or once from the chain (the team tier's
     * object, else the upstream's HEAD), remembered so that later mounts answer stat() without
     * the network.
     */
    public long size(RemoteFile file) {
        if (file.sizeKnown()) {
            return file.size();
        }
        OptionalLong known = rememberedSize(file.digest());
        if (known.isPresent()) {
            return known.getAsLong();
        }
        IOException last = null;
        for (Source source : sources) {
            try {
                OptionalLong size = source.size(file);
                if (size.isPresent()) {
                    writeAtomically(layout.size(file.digest()), Long.toString(size.getAsLong()));
                    return size.getAsLong();
                }
            } catch (IOException e) {
                last = e;
            }
        }
        throw new FetchException("cannot learn the size of " + file.name() + " from " + file.urls().get(0)
                + ": " + (last == null ? "no source has it" : last.getMessage())
                + " (check the URL and the network, or run 'lazybuild prefetch')", last);
    }

    /** Adds what this store and its sources did in this process to the cache's totals, for {@code cache stats}. */
    public void saveTierCounts() {
        Map<String, Map<String, Long>> bySource = new java.util.LinkedHashMap<>();
        for (Source s : sources) {
            bySource.put(s.name(), s.counters());
        }
        TierCounts.save(layout, hostHits.get(), bySource);
    }

    private void servedFromHost(RemoteFile file) {
        hostHits.incrementAndGet();
        listener.servedFromCache(file);
    }

    private Path fetchUnderLock(RemoteFile file, Path target) {
        try (CrossProcessLock lock = CrossProcessLock.acquire(layout.lock(file.digest()), false)) {
            if (Files.isRegularFile(target)) {
                servedFromHost(file); // another process finished it while we waited
                return target;
            }
            return download(file, layout.part(file.digest()), target);
        } catch (IOException e) {
            throw new FetchException("cannot use the cache at " + layout.root() + ": " + e.getMessage(), e);
        }
    }

    private Path download(RemoteFile file, Path part, Path target) throws IOException {
        long started = System.nanoTime();
        listener.downloadStarted(file);
        String lastProblem = "no source has it";
        Exception lastCause = null;
        int tried = 0;
        for (Source source : sources) {
            for (Origin origin : source.origins(file)) {
                tried++;
                for (int attempt = 1; attempt <= ATTEMPTS_PER_ORIGIN; attempt++) {
                    boolean resumed = Files.exists(part) && Files.size(part) > 0;
                    if (resumed && !origin.resumable()) {
                        break; // a partial download waits for an origin that can resume it
                    }
                    try {
                        Received received = transfer(file, origin, part);
                        verify(file, origin, received);
                        Files.createDirectories(target.getParent());
                        Files.setPosixFilePermissions(part, PosixFilePermissions.fromString("r--r--r--"));
                        moveAtomically(part, target);
                        listener.downloadFinished(file, received.bytes(), System.nanoTime() - started);
                        for (Source s : sources) {
                            s.stored(file, target, source);
                        }
                        return target;
                    } catch (Source.Absent e) {
                        if (lastCause == null) {
                            lastProblem = e.getMessage();
                            lastCause = e;
                        }
                        break;
                    } catch (VerificationException e) {
                        Files.deleteIfExists(part);
                        source.rejected(file, e.getMessage());
                        lastProblem = e.getMessage();
                        lastCause = e;
                        if (resumed && attempt < ATTEMPTS_PER_ORIGIN) {
                            continue; // the kept part may be what was wrong (power loss): once more from byte 0
                        }
                        break; // the same origin will give the same wrong bytes: try the next
                    } catch (HttpStatusException e) {
                        lastProblem = e.getMessage();
                        lastCause = e;
                        if (e.status() == 416 && resumed && attempt < ATTEMPTS_PER_ORIGIN) {
                            Files.deleteIfExists(part); // the kept part is already whole or wrong: start over
                            continue;
                        }
                        if (!e.transientFailure() || attempt == ATTEMPTS_PER_ORIGIN) {
                            break;
                        }
                        sleep(backoff(attempt, e.retryAfter()));
                    } catch (IOException e) {
                        lastProblem = e.getClass().getSimpleName() + " from " + origin.describe() + ": " + e.getMessage();
                        lastCause = e;
                        if (attempt < ATTEMPTS_PER_ORIGIN) {
                            sleep(backoff(attempt, null));
                        }
                    }
                }
            }
        }
        Files.deleteIfExists(part);
        String triedMany = tried > 1 ? " (tried " + tried + " sources; this was the last problem)" : "";
        FetchException failure = new FetchException("cannot download " + file.name() + ": " + lastProblem + triedMany,
                lastCause);
        listener.downloadFailed(file, failure);
        throw failure;
    }

    /** What a transfer left in the part file: its length and what it hashes to, in lower-case hex. */
    private record Received(long bytes, String actualHex) { }

    /**
     * Appends to {@code part} from where a crashed or failed earlier attempt stopped, hashing
     * as the bytes arrive (the kept prefix first), so verification does not read the file again.
     */
    private Received transfer(RemoteFile file, Origin origin, Path part) throws IOException {
        long have = Files.exists(part) ? Files.size(part) : 0;
        if (file.sizeKnown() && have > file.size()) {
            Files.delete(part);
            have = 0;
        }
        MessageDigest hasher = file.digest().algorithm().newHasher();
        if (have > 0) {
            try (var in = Files.newInputStream(part)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) {
                    hasher.update(buf, 0, n);
                }
            }
        }
        try (FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
             OutputStream out = new ProgressStream(Channels.newOutputStream(ch), file, have, hasher)) {
            if (!(file.sizeKnown() && have == file.size())) {
                origin.transfer(have, out);
            }
            out.flush();
            ch.force(false); // durable (data and length; fdatasync) before the rename makes it visible, so power loss cannot expose a hole
            return new Received(ch.size(), HexFormat.of().formatHex(hasher.digest()));
        }
    }

    private void verify(RemoteFile file, Origin origin, Received received) throws IOException {
        long bytes = received.bytes();
        if (file.sizeKnown() && bytes != file.size()) {
            if (bytes < file.size() && origin.resumable()) {
                // A truncated body: keep the part, the next attempt resumes it. (An origin that
                // delivers whole objects only gave wrong content, not a cut transfer.)
                throw new IOException("the body from " + origin.describe() + " ended after " + bytes + " of " + file.size() + " bytes");
            }
            throw new VerificationException("size mismatch for " + origin.describe() + ": expected " + file.size()
                    + " bytes, got " + bytes);
        }
        String actual = received.actualHex();
        if (!actual.equals(file.digest().hex())) {
            throw new VerificationException(file.digest().algorithm().label() + " mismatch for " + origin.describe()
                    + ": expected " + file.digest().hex() + ", got " + actual
                    + " (the lockfile and the server disagree; nothing was stored)");
        }
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the cache's tmp/ and objects/ must be on one file system", e);
        }
    }

    private void writeAtomically(Path p, String content) throws IOException {
        Path t = layout.newTemporary(p.getFileName().toString());
        Files.writeString(t, content);
        moveAtomically(t, p);
    }

    /** Marks use for least-recently-used garbage collection. */
    private static void touch(Path p) {
        try {
            Files.setLastModifiedTime(p, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException e) {
            // Read-only cache or another owner: the file is still usable; only gc order suffers.
        }
    }

    static Duration backoff(int attempt, Duration serverAsked) {
        if (serverAsked != null) {
            return serverAsked.compareTo(Duration.ofSeconds(60)) > 0 ? Duration.ofSeconds(60) : serverAsked;
        }
        long base = 200L << Math.min(attempt - 1, 6);
        return Duration.ofMillis(base + ThreadLocalRandom.current().nextLong(base / 2 + 1));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchException("interrupted while waiting to retry a download", e);
        }
    }

    private static Path join(CompletableFuture<Path> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new UncheckedIOException(new IOException(e.getCause()));
        }
    }

    /** Content arrived, but not the content the lockfile promised. */
    private static final class VerificationException extends IOException {
        private static final long serialVersionUID = 1L;

        VerificationException(String message) {
            super(message);
        }
    }

    /** Hashes what passes and reports progress every {@link #PROGRESS_STEP} bytes. */
    private final class ProgressStream extends java.io.FilterOutputStream {
        private final RemoteFile file;
        private long soFar;
        private long reported;
        private final MessageDigest hasher;

        ProgressStream(OutputStream out, RemoteFile file, long start, MessageDigest hasher) {
            super(out);
            this.hasher = hasher;
            this.file = file;
            this.soFar = start;
            this.reported = start;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            hasher.update(b, off, len);
            soFar += len;
            if (soFar - reported >= PROGRESS_STEP) {
                reported = soFar;
                listener.downloadProgress(file, soFar);
            }
        }
    }
}
