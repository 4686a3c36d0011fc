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
                        bytes.addAndGet(upstream.download(url, offset, out));
                    } finally {
                        slot.release();
                    }
                }
            });
        }
        return out;
    }

    /** One HEAD per URL until one answers; the last failure when none does. */
    @Override
    public OptionalLong size(RemoteFile file) throws IOException {
        IOException last = null;
        for (URI url : mirrors.apply(file).urls()) {
            try {
                requests.incrementAndGet();
                return OptionalLong.of(upstream.size(url));
            } catch (IOException e) {
                last = e;
            }
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
