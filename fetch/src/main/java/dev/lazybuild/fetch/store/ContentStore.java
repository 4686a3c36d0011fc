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
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
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
    /** The largest download without a locked size, unless configured ({@code max-download-size}). */
    public static final long DEFAULT_MAX_DOWNLOAD_SIZE = 16L << 30;
    /**
     * A download whose size is only a hint may outgrow it by this much plus the hint itself:
     * a hint can be stale, but an upstream that sends far more than it announced is filling
     * the disk, not serving the file.
     */
    private static final long HINT_MARGIN = 1 << 20;

    private final StoreLayout layout;
    private final List<Source> sources;
    private final FetchListener listener;
    private final long maxDownloadSize;
    private final AtomicLong hostHits = new AtomicLong();

    private ContentStore(StoreLayout layout, List<Source> sources, FetchListener listener, long maxDownloadSize) {
        this.layout = layout;
        this.sources = List.copyOf(sources);
        this.listener = listener;
        this.maxDownloadSize = maxDownloadSize;
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
        private long maxDownloadSize = DEFAULT_MAX_DOWNLOAD_SIZE;

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

        /** The most bytes a download without a lockfile size may write before it is stopped. */
        public Builder maxDownloadSize(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("the largest download must be at least 1 byte, not " + bytes);
            }
            this.maxDownloadSize = bytes;
            return this;
        }

        public ContentStore build() {
            return new ContentStore(StoreLayout.create(root), sources, listener, maxDownloadSize);
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

    /** The stored file, without downloading; only a file the store can trust (see {@link Ownership}). */
    public Optional<Path> cached(Digest digest) {
        return layout.trustedObject(digest);
    }

    /**
     * The file's content in the store, asking the chain when absent. Blocks the calling thread
     * only; callers for the same digest share one download.
     *
     * @throws FetchException when no source gives the promised content
     */
    public Path fetch(RemoteFile file) {
        Path target = objectPath(file.digest());
        if (cached(file.digest()).isPresent()) {
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

    /**
     * The size the store knows for content whose lockfile gave none (npm): the stored object's,
     * else the hint a source told for this file's URL and digest.
     */
    public OptionalLong rememberedSize(RemoteFile file) {
        try {
            Optional<Path> stored = cached(file.digest());
            if (stored.isPresent()) {
                return OptionalLong.of(Files.size(stored.get()));
            }
            Path hint = layout.sizeHint(file.digest(), file.urls().get(0));
            if (!Ownership.ownedRegularFile(hint)) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(Long.parseLong(Files.readString(hint).trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty(); // gone meanwhile, or a damaged entry: only a lost hint, ask again
        }
    }

    /**
     * The file's size for stat(): the lockfile's; else the stored object's or a hint remembered
     * for this URL and digest; else once from the chain (the team tier's object, else the
     * upstream's HEAD), remembered as a hint so that later mounts answer without the network.
     * When every source answers without a usable length (a malformed Content-Length), the file
     * is downloaded and its verified length is the answer.
     */
    public long size(RemoteFile file) {
        if (file.sizeLocked()) {
            return file.size();
        }
        OptionalLong known = rememberedSize(file);
        if (known.isPresent()) {
            return known.getAsLong();
        }
        IOException last = null;
        for (Source source : sources) {
            try {
                OptionalLong size = source.size(file);
                if (size.isPresent()) {
                    rememberHint(file, size.getAsLong());
                    return size.getAsLong();
                }
            } catch (IOException e) {
                last = e;
            }
        }
        if (last != null) {
            throw new FetchException("cannot learn the size of " + file.name() + " from " + file.urls().get(0)
                    + ": " + last.getMessage() + " (check the URL and the network, or run 'lazybuild prefetch')", last);
        }
        try {
            return Files.size(fetch(file));
        } catch (IOException e) {
            throw new FetchException("cannot read the size of " + file.name() + " in the cache: " + e.getMessage(), e);
        }
    }

    /** Keeps a size a source told, or the verified one, as the hint for this file's URL and digest. */
    private void rememberHint(RemoteFile file, long size) {
        try {
            writeAtomically(layout.sizeHint(file.digest(), file.urls().get(0)), Long.toString(size));
        } catch (IOException e) {
            // only a hint: the next mount asks again
        }
    }

    /**
     * Tells the store's listener that part of {@code file} was read from one of its sources
     * without being stored (see {@link FetchListener#partRead}), so the bytes are counted.
     */
    public void partRead(RemoteFile file, long bytes) {
        listener.partRead(file, bytes);
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
            if (cached(file.digest()).isPresent()) {
                servedFromHost(file); // another process finished it while we waited
                return target;
            }
            return download(file, layout.part(file.digest()), target);
        } catch (IOException e) {
            throw new FetchException("cannot use the cache at " + layout.root() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Asks every origin of every source in turn. Transient faults (a 503, a cut body) are retried
     * with backoff and Range resumes; wrong bytes (a digest or size mismatch, a body larger than
     * its bound) are discarded and the same origin is asked once more from byte 0, since one bad
     * body may be a fault of the moment, before the next origin is tried. It fails only when
     * every origin failed, naming what each one that gave wrong bytes served.
     */
    private Path download(RemoteFile file, Path part, Path target) throws IOException {
        long started = System.nanoTime();
        listener.downloadStarted(file);
        String lastProblem = "no source has it";
        Exception lastCause = null;
        List<String> wrongBytes = new ArrayList<>();
        int tried = 0;
        for (Source source : sources) {
            for (Origin origin : source.origins(file)) {
                tried++;
                boolean askedAgainFromZero = false;
                for (int attempt = 1; attempt <= ATTEMPTS_PER_ORIGIN; attempt++) {
                    boolean resumed = keptPart(part) > 0;
                    if (resumed && !origin.resumable()) {
                        break; // a partial download waits for an origin that can resume it
                    }
                    try {
                        Received received = transfer(file, origin, part);
                        verify(file, origin, received, part);
                        layout.makeObjectDirectory(file.digest());
                        Files.setPosixFilePermissions(part, Ownership.OBJECT);
                        moveAtomically(part, target);
                        if (!file.sizeLocked()) {
                            rememberHint(file, received.bytes()); // corrects a wrong hint for the next mount
                        }
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
                        wrongBytes.add(e.getMessage());
                        if (e instanceof Oversized && !file.sizeLocked()) {
                            // the hint that bounded it was wrong: the next mount asks again
                            Files.deleteIfExists(layout.sizeHint(file.digest(), file.urls().get(0)));
                        }
                        if (!askedAgainFromZero) {
                            askedAgainFromZero = true;
                            attempt = 0; // a fresh set of attempts for the same origin, from byte 0
                            continue;
                        }
                        break; // wrong twice: the origin serves wrong content, try the next
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
        String wrong = wrongBytes.size() > 1 || !wrongBytes.contains(lastProblem)
                ? wrongBytes.isEmpty() ? "" : "; wrong bytes came as: " + String.join("; ", wrongBytes)
                : "";
        FetchException failure = new FetchException("cannot download " + file.name() + ": " + lastProblem + triedMany
                + wrong, lastCause);
        listener.downloadFailed(file, failure);
        throw failure;
    }

    /**
     * The length of a partial download left by an earlier attempt. Anything at its name that is
     * not a regular file of the user's (a link planted to make the store append to a file
     * outside the cache) is removed, never written through.
     */
    private static long keptPart(Path part) throws IOException {
        if (!Ownership.present(part)) {
            return 0;
        }
        if (!Ownership.ownedRegularFile(part)) {
            Files.delete(part);
            return 0;
        }
        return Files.size(part);
    }

    /** What a transfer left in the part file: its length and what it hashes to, in lower-case hex. */
    private record Received(long bytes, String actualHex) { }

    /**
     * Appends to {@code part} from where a crashed or failed earlier attempt stopped, hashing
     * as the bytes arrive (the kept prefix first), so verification does not read the file again.
     * Writing stops as soon as the content outgrows its bound ({@link #bound}).
     */
    private Received transfer(RemoteFile file, Origin origin, Path part) throws IOException {
        Bound bound = bound(file);
        long have = keptPart(part);
        if (have > bound.bytes()) {
            Files.delete(part);
            have = 0;
        }
        MessageDigest hasher = file.digest().algorithm().newHasher();
        if (have > 0) {
            try (var in = Files.newInputStream(part, LinkOption.NOFOLLOW_LINKS)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) {
                    hasher.update(buf, 0, n);
                }
            }
        }
        // NOFOLLOW: the part's name was checked above; a link planted since is refused, not followed.
        try (FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS);
             OutputStream out = new ProgressStream(Channels.newOutputStream(ch), file, have, hasher,
                     bound, origin)) {
            if (!(file.sizeLocked() && have == file.size())) {
                origin.transfer(have, out);
            }
            out.flush();
            ch.force(false); // durable (data and length; fdatasync) before the rename makes it visible, so power loss cannot expose a hole
            return new Received(ch.size(), HexFormat.of().formatHex(hasher.digest()));
        }
    }

    /** The most bytes a download may write, and why, for the message when it is stopped. */
    private record Bound(long bytes, String why) { }

    /**
     * The lockfile's size when it gives one; else twice a size hint plus {@link #HINT_MARGIN};
     * else, and never more than, the configured ceiling.
     */
    private Bound bound(RemoteFile file) {
        if (file.sizeLocked()) {
            return new Bound(file.size(), "the lockfile's size of " + file.size() + " bytes");
        }
        Bound ceiling = new Bound(maxDownloadSize, "max-download-size (" + maxDownloadSize
                + " bytes; raise it in your lazybuild.toml if the file is that large)");
        OptionalLong hint = file.sizeKnown() ? OptionalLong.of(file.size()) : rememberedSize(file);
        if (hint.isEmpty() || hint.getAsLong() >= maxDownloadSize / 2) {
            return ceiling;
        }
        long bytes = 2 * hint.getAsLong() + HINT_MARGIN;
        return bytes >= maxDownloadSize ? ceiling
                : new Bound(bytes, "twice the announced size of " + hint.getAsLong() + " bytes plus 1 MiB");
    }

    private void verify(RemoteFile file, Origin origin, Received received, Path part) throws IOException {
        long bytes = received.bytes();
        if (file.sizeLocked() && bytes != file.size()) {
            if (bytes < file.size() && origin.resumable()) {
                // A truncated body: keep the part, the next attempt resumes it. (An origin that
                // delivers whole objects only gave wrong content, not a cut transfer.)
                throw new IOException("the body from " + origin.describe() + " ended after " + bytes + " of " + file.size() + " bytes");
            }
            throw new VerificationException("size mismatch for " + origin.describe() + ": expected " + file.size()
                    + " bytes, got " + bytes);
        }
        String actual = received.actualHex();
        if (file.digest().algorithm() != Digest.Algorithm.CHECKED && !actual.equals(file.digest().hex())) {
            throw new VerificationException(file.digest().algorithm().label() + " mismatch for " + origin.describe()
                    + ": expected " + file.digest().hex() + ", got " + actual
                    + " (the lockfile and the server disagree; nothing was stored)");
        }
        // Once here, never again: the stored object is served by its key from now on.
        String problem = file.check() == null ? null : file.check().problemWith(part);
        if (problem != null) {
            throw new VerificationException(problem + " [from " + origin.describe() + "]");
        }
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the cache's tmp/ and objects/ must be on one file system", e);
        }
    }

    /** Writes a fresh temporary file (never through anything already at its name), then renames it over {@code p}. */
    private void writeAtomically(Path p, String content) throws IOException {
        Path t = layout.newTemporary(p.getFileName().toString());
        Files.writeString(t, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
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
    private static class VerificationException extends IOException {
        private static final long serialVersionUID = 1L;

        VerificationException(String message) {
            super(message);
        }
    }

    /** More content arrived than the file may have; writing stopped before it reached the disk. */
    private static final class Oversized extends VerificationException {
        private static final long serialVersionUID = 1L;

        Oversized(String message) {
            super(message);
        }
    }

    /**
     * Hashes what passes, reports progress every {@link #PROGRESS_STEP} bytes, and refuses the
     * first write that would take the content past its bound, before a byte of it reaches the disk.
     */
    private final class ProgressStream extends java.io.FilterOutputStream {
        private final RemoteFile file;
        private long soFar;
        private long reported;
        private final MessageDigest hasher;
        private final Bound bound;
        private final Origin origin;

        ProgressStream(OutputStream out, RemoteFile file, long start, MessageDigest hasher, Bound bound, Origin origin) {
            super(out);
            this.hasher = hasher;
            this.file = file;
            this.soFar = start;
            this.reported = start;
            this.bound = bound;
            this.origin = origin;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (soFar + len > bound.bytes()) {
                throw new Oversized("the body from " + origin.describe() + " is larger than "
                        + bound.why() + "; stopped after " + soFar + " bytes, nothing was stored");
            }
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
