package dev.lazybuild.fetch.http;

import dev.lazybuild.fetch.Origin;
import dev.lazybuild.fetch.RemoteFile;
import dev.lazybuild.fetch.Source;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The last source of the chain: the lockfile's URLs over HTTP, each preceded by its mirror when
 * a rule matches. At most {@code downloadsPerHost} transfers run against one host at a time,
 * however many threads ask. Counts every request it sends (GET and HEAD), the files it
 * delivered that the store kept, and their bytes.
 */
public final class UpstreamSource implements Source {
    /** Downloads from one host at a time when the configuration does not say (browsers use 6). */
    public static final int DEFAULT_DOWNLOADS_PER_HOST = 8;
    /** Tries of one URL for a ranged read, as the store tries one origin for a download. */
    private static final int READ_ATTEMPTS = 4;

    private final Upstream upstream;
    private final MirrorRules mirrors;
    private final int downloadsPerHost;
    private final Map<String, Semaphore> hostSlots = new ConcurrentHashMap<>();
    private final AtomicLong downloads = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();

    /**
     * @param downloadsPerHost how many transfers may run against one host at once (at least 1)
     */
    public UpstreamSource(Upstream upstream, MirrorRules mirrors, int downloadsPerHost) {
        if (downloadsPerHost < 1) {
            throw new IllegalArgumentException("downloads per host must be at least 1, not " + downloadsPerHost);
        }
        this.upstream = upstream;
        this.mirrors = mirrors;
        this.downloadsPerHost = downloadsPerHost;
    }

    public UpstreamSource(Upstream upstream) {
        this(upstream, MirrorRules.NONE, DEFAULT_DOWNLOADS_PER_HOST);
    }

    @Override
    public String name() {
        return "upstream";
    }

    @Override
    public List<Origin> origins(RemoteFile file) {
        List<Origin> out = new ArrayList<>();
        for (URI url : mirrors.apply(file).urls()) {
            out.add(new Origin() {
                @Override
                public String describe() {
                    return url.toString();
                }

                @Override
                public boolean resumable() {
                    return true;
                }

                @Override
                public void transfer(long offset, OutputStream out) throws IOException {
                    Semaphore slot = hostSlots.computeIfAbsent(url.getHost() + ":" + url.getPort(),
                            h -> new Semaphore(downloadsPerHost, true));
                    slot.acquireUninterruptibly();
                    try {
                        requests.incrementAndGet();
                        bytes.addAndGet(upstreamFor(file, url).download(url, offset, out));
                    } finally {
                        slot.release();
                    }
                }
            });
        }
        return out;
    }

    /**
     * Bytes {@code [from, from + length)} of {@code file}, fewer where it ends, from the first of
     * its URLs (mirror first) that answers, with the same host bound and retries as a
     * download: transient failures (5xx, 429, 408, a broken connection) are tried again after a
     * backoff, other statuses go on to the next URL. Unverified: the caller must know what the
     * bytes are worth (an RPM header is checked by its signature, then against the whole file).
     *
     * @throws RangeNotHonoured when the server that answers does not honour ranges
     */
    public byte[] read(RemoteFile file, long from, int length) throws IOException {
        IOException last = null;
        for (URI url : mirrors.apply(file).urls()) {
            for (int attempt = 1; attempt <= READ_ATTEMPTS; attempt++) {
                Semaphore slot = hostSlots.computeIfAbsent(url.getHost() + ":" + url.getPort(),
                        h -> new Semaphore(downloadsPerHost, true));
                slot.acquireUninterruptibly();
                try {
                    requests.incrementAndGet();
                    byte[] read = upstreamFor(file, url).read(url, from, length);
                    bytes.addAndGet(read.length);
                    return read;
                } catch (RangeNotHonoured e) {
                    throw e;
                } catch (HttpStatusException e) {
                    last = e;
                    if (!e.transientFailure()) {
                        break;
                    }
                } catch (IOException e) {
                    last = e;
                } finally {
                    slot.release();
                }
                pause(attempt);
            }
        }
        throw last;
    }

    /**
     * The file's own TLS (a client certificate) for its own URLs only: a mirror, which a build
     * context's lazybuild.toml may name, never sees the certificate.
     */
    private Upstream upstreamFor(RemoteFile file, URI url) {
        return file.tls() != null && file.urls().contains(url) ? upstream.withTls(file.tls()) : upstream;
    }

    /** 200 ms, 400 ms, 800 ms: the store's schedule for a download's first retries. */
    private static void pause(int attempt) throws IOException {
        if (attempt >= READ_ATTEMPTS) {
            return;
        }
        try {
            Thread.sleep(200L << (attempt - 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting to retry a ranged read");
        }
    }

    /**
     * One HEAD per URL until one announces a length; empty when they answer without a usable
     * one, the last failure when none answers.
     */
    @Override
    public OptionalLong size(RemoteFile file) throws IOException {
        IOException last = null;
        boolean answered = false;
        for (URI url : mirrors.apply(file).urls()) {
            try {
                requests.incrementAndGet();
                OptionalLong size = upstreamFor(file, url).size(url);
                if (size.isPresent()) {
                    return size;
                }
                answered = true;
            } catch (IOException e) {
                last = e;
            }
        }
        if (answered || last == null) {
            return OptionalLong.empty();
        }
        throw last;
    }

    @Override
    public void stored(RemoteFile file, Path object, Source from) {
        if (from == this) {
            downloads.incrementAndGet();
        }
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("downloads", downloads.get());
        out.put("bytes", bytes.get());
        out.put("requests", requests.get());
        return out;
    }
}
