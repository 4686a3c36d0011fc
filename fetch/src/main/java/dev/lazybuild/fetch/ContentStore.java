package dev.lazybuild.fetch;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
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
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The host's content-addressed store: {@code objects/<algo>/<xx>/<hex>} holds verified
 * content only.
 *
 * <p>Concurrency discipline. A file reaches its final name only by an atomic rename of a
 * temporary file that was fully written, fsynced and verified, so a reader that finds a
 * final name may use it without a lock. Writers coordinate at two levels: within this JVM,
 * requests for one digest join one {@link CompletableFuture} in {@link #IN_FLIGHT}; across
 * processes, the thread that owns that future takes an exclusive advisory lock on
 * {@code locks/<algo>-<hex>.lock} before it downloads, and checks for the final name again
 * once it holds the lock, so a file is downloaded once per host. The partial file has a
 * fixed name under {@code tmp/}, guarded by that same lock, so the next process to take the
 * lock after a crash resumes it with an HTTP Range request.
 *
 * <p>The in-flight map is static and keyed by the lock file, because POSIX record locks
 * belong to the process: two stores on one root in the same JVM (a test, or prefetch and
 * build in one process) must join in memory, as {@link FileChannel#lock()} would throw
 * {@code OverlappingFileLockException} rather than wait. At most {@code downloadsPerHost}
 * transfers run against one host at a time, whatever the number of callers.
 */
public final class ContentStore {
    private static final int ATTEMPTS_PER_URL = 4;
    /** Downloads from one host at a time when the configuration does not say (browsers use 6). */
    public static final int DEFAULT_DOWNLOADS_PER_HOST = 8;
    private static final Map<Path, CompletableFuture<Path>> IN_FLIGHT = new ConcurrentHashMap<>();
    private static final long PROGRESS_STEP = 1 << 18;

    private final Path root;
    private final Path objects;
    private final Path tmp;
    private final Path locks;
    private final Path sizes;
    private final Upstream upstream;
    private final FetchListener listener;
    private final MirrorRules mirrors;
    private final int downloadsPerHost;
    private final TeamCache team;
    private final Map<String, Semaphore> hostSlots = new ConcurrentHashMap<>();

    public ContentStore(Path root, Upstream upstream, FetchListener listener) {
        this(root, upstream, listener, MirrorRules.NONE);
    }

    public ContentStore(Path root, Upstream upstream, FetchListener listener, MirrorRules mirrors) {
        this(root, upstream, listener, mirrors, DEFAULT_DOWNLOADS_PER_HOST);
    }

    /**
     * @param downloadsPerHost how many transfers may run against one host at once (at least 1)
     */
    public ContentStore(Path root, Upstream upstream, FetchListener listener, MirrorRules mirrors,
                        int downloadsPerHost) {
        this(root, upstream, listener, mirrors, downloadsPerHost, null);
    }

    /**
     * @param team a team cache tier asked before the upstream and written back to after it, or null
     */
    public ContentStore(Path root, Upstream upstream, FetchListener listener, MirrorRules mirrors,
                        int downloadsPerHost, TeamCache team) {
        this.team = team;
        if (downloadsPerHost < 1) {
            throw new IllegalArgumentException("downloads per host must be at least 1, not " + downloadsPerHost);
        }
        this.downloadsPerHost = downloadsPerHost;
        this.mirrors = mirrors;
        StoreLayout layout = StoreLayout.create(root);
        this.root = layout.root();
        this.objects = layout.objects();
        this.tmp = layout.tmp();
        this.locks = layout.locks();
        this.sizes = layout.sizes();
        this.upstream = upstream;
        this.listener = listener;
    }

    /**
     * The default store location: {@code LAZYBUILD_CACHE_DIR}, else
     * {@code $XDG_CACHE_HOME/lazybuild}, else {@code ~/.cache/lazybuild}.
     */
    public static Path defaultRoot(Map<String, String> env) {
        return BaseDirectories.of(env, "LAZYBUILD_CACHE_DIR", "XDG_CACHE_HOME", ".cache");
    }

    /** The team cache tier this store asks before the upstream, or null. */
    public TeamCache teamCache() {
        return team;
    }

    public Path root() {
        return root;
    }

    /** Where the verified content with this digest lives once it is stored. */
    public Path objectPath(Digest digest) {
        return objects.resolve(digest.storeKey());
    }

    /** The stored file, without downloading. */
    public Optional<Path> cached(Digest digest) {
        Path p = objectPath(digest);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /**
     * The file's content in the store, downloading and verifying it first when absent. Blocks
     * the calling thread only; callers for the same digest share one download.
     *
     * @throws FetchException when no URL gives the promised content
     */
    public Path fetch(RemoteFile requested) {
        RemoteFile file = withTeamSource(mirrors.apply(requested));
        Path target = objectPath(file.digest());
        if (Files.isRegularFile(target)) {
            touch(target);
            listener.servedFromCache(file);
            return target;
        }
        Path lockFile = lockFile(file.digest());
        CompletableFuture<Path> mine = new CompletableFuture<>();
        CompletableFuture<Path> running = IN_FLIGHT.putIfAbsent(lockFile, mine);
        if (running != null) {
            Path joined = join(running);
            listener.servedFromCache(file);
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
            Path p = sizes.resolve(digest.algorithm().label() + "-" + digest.hex());
            return OptionalLong.of(Long.parseLong(Files.readString(p).trim()));
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty(); // a damaged entry is only a lost hint: ask again
        }
    }

    /**
     * The file's size: from the lockfile, the store, or once from upstream (HEAD), remembered
     * so that later mounts answer stat() without the network.
     */
    public long size(RemoteFile requested) {
        RemoteFile file = mirrors.apply(requested);
        if (file.sizeKnown()) {
            return file.size();
        }
        OptionalLong known = rememberedSize(file.digest());
        if (known.isPresent()) {
            return known.getAsLong();
        }
        IOException last = null;
        for (URI url : file.urls()) {
            try {
                long size = upstream.size(url);
                writeAtomically(sizes.resolve(file.digest().algorithm().label() + "-" + file.digest().hex()),
                        Long.toString(size));
                return size;
            } catch (IOException e) {
                last = e;
            }
        }
        throw new FetchException("cannot learn the size of " + file.name() + " from " + file.urls().get(0)
                + ": " + last.getMessage() + " (check the URL and the network, or run 'lazybuild prefetch')", last);
    }

    @SuppressWarnings("try") // the lock is held by the try block, not used in it
    /** The team tier first, when there is one: it is nearer than any upstream and is verified like it. */
    private RemoteFile withTeamSource(RemoteFile file) {
        if (team == null) {
            return file;
        }
        List<URI> urls = new ArrayList<>(file.urls().size() + 1);
        urls.add(TeamCache.source(file.digest()));
        urls.addAll(file.urls());
        return new RemoteFile(urls, file.digest(), file.size(), file.name());
    }

    private Path fetchUnderLock(RemoteFile file, Path target) {
        Digest digest = file.digest();
        String base = digest.algorithm().label() + "-" + digest.hex();
        try (FileChannel lockChannel = FileChannel.open(lockFile(digest),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = AdvisoryLocks.acquire(lockChannel, false)) {
            if (Files.isRegularFile(target)) {
                listener.servedFromCache(file); // another process finished it while we waited
                return target;
            }
            return download(file, tmp.resolve(base + ".part"), target);
        } catch (IOException e) {
            throw new FetchException("cannot use the cache at " + root + ": " + e.getMessage(), e);
        }
    }

    private Path lockFile(Digest digest) {
        return locks.resolve(digest.algorithm().label() + "-" + digest.hex() + ".lock");
    }

    private Path download(RemoteFile file, Path part, Path target) throws IOException {
        long started = System.nanoTime();
        listener.downloadStarted(file);
        String lastProblem = "no URL";
        Exception lastCause = null;
        for (URI url : file.urls()) {
            for (int attempt = 1; attempt <= ATTEMPTS_PER_URL; attempt++) {
                boolean resumed = Files.exists(part) && Files.size(part) > 0;
                try {
                    Received received = transfer(file, url, part);
                    long bytes = received.bytes();
                    verify(file, url, received);
                    Files.createDirectories(target.getParent());
                    Files.setPosixFilePermissions(part, PosixFilePermissions.fromString("r--r--r--"));
                    moveAtomically(part, target);
                    listener.downloadFinished(file, bytes, System.nanoTime() - started);
                    if (team != null && !TeamCache.isSource(url)) {
                        team.uploadLater(file.digest(), target);
                    }
                    return target;
                } catch (VerificationException e) {
                    Files.deleteIfExists(part);
                    if (TeamCache.isSource(url)) {
                        team.reportCorrupt(file.digest(), e.getMessage());
                    }
                    lastProblem = e.getMessage();
                    lastCause = e;
                    if (resumed && attempt < ATTEMPTS_PER_URL) {
                        continue; // the kept part may be what was wrong (power loss): once more from byte 0
                    }
                    break; // the same URL will give the same wrong bytes: try the next source
                } catch (HttpStatusException e) {
                    lastProblem = e.getMessage();
                    lastCause = e;
                    if (e.status() == 416 && resumed && attempt < ATTEMPTS_PER_URL) {
                        Files.deleteIfExists(part); // the kept part is already whole or wrong: start over
                        continue;
                    }
                    if (!e.transientFailure() || attempt == ATTEMPTS_PER_URL) {
                        break;
                    }
                    sleep(backoff(attempt, e.retryAfter()));
                } catch (IOException e) {
                    lastProblem = e.getClass().getSimpleName() + " from " + url + ": " + e.getMessage();
                    lastCause = e;
                    if (attempt < ATTEMPTS_PER_URL) {
                        sleep(backoff(attempt, null));
                    }
                }
            }
        }
        Files.deleteIfExists(part);
        String tried = file.urls().size() > 1 ? " (tried " + file.urls().size() + " URLs; this was the last)" : "";
        FetchException failure = new FetchException("cannot download " + file.name() + ": " + lastProblem + tried,
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
    private Received transfer(RemoteFile file, URI url, Path part) throws IOException {
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
             OutputStream out = new ProgressStream(java.nio.channels.Channels.newOutputStream(ch), file, have, hasher)) {
            if (!(file.sizeKnown() && have == file.size())) {
                Semaphore slot = hostSlots.computeIfAbsent(hostOf(url), h -> new Semaphore(downloadsPerHost, true));
                slot.acquireUninterruptibly();
                try {
                    (TeamCache.isSource(url) ? team : upstream).download(url, have, out);
                } finally {
                    slot.release();
                }
            }
            out.flush();
            ch.force(false); // durable (data and length; fdatasync) before the rename makes it visible, so power loss cannot expose a hole
            return new Received(ch.size(), HexFormat.of().formatHex(hasher.digest()));
        }
    }

    private void verify(RemoteFile file, URI url, Received received) throws IOException {
        long bytes = received.bytes();
        if (file.sizeKnown() && bytes != file.size()) {
            if (bytes < file.size() && !TeamCache.isSource(url)) {
                // A truncated body: keep the part, the next attempt resumes it. (A team tier
                // object comes whole, so a short one is wrong content, not a cut transfer.)
                throw new IOException("the body from " + url + " ended after " + bytes + " of " + file.size() + " bytes");
            }
            throw new VerificationException("size mismatch for " + url + ": expected " + file.size()
                    + " bytes, got " + bytes);
        }
        String actual = received.actualHex();
        if (!actual.equals(file.digest().hex())) {
            throw new VerificationException(file.digest().algorithm().label() + " mismatch for " + url
                    + ": expected " + file.digest().hex() + ", got " + actual
                    + " (the lockfile and the server disagree; nothing was stored)");
        }
    }

    private static String hostOf(URI url) {
        return url.getHost() + ":" + url.getPort();
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the cache's tmp/ and objects/ must be on one file system", e);
        }
    }

    private void writeAtomically(Path p, String content) throws IOException {
        Path t = tmp.resolve(p.getFileName() + "." + ProcessHandle.current().pid() + "."
                + ThreadLocalRandom.current().nextInt(1 << 30));
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
