package dev.lazybuild.rpm;

import dev.lazybuild.fetch.RemoteFile;
import dev.lazybuild.fetch.http.RangeNotHonoured;
import dev.lazybuild.fetch.http.UpstreamSource;
import dev.lazybuild.fetch.store.ContentStore;
import dev.lazybuild.rpm.header.HeaderFetch;
import dev.lazybuild.rpm.header.RpmHeaders;
import dev.lazybuild.rpm.repodata.HeaderRepodata;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Where repodata-from-headers gets each RPM's headers: from the package itself when it is in
 * the store already; else with ranged reads through the upstream (mirrors, netrc, proxies,
 * TLS, retries); and from a whole download, stored and verified like any other, for a server
 * that does not honour ranges, which is said once per server.
 */
final class RangedHeaders implements HeaderRepodata.HeaderSource {
    private final ContentStore store;
    private final Optional<UpstreamSource> upstream;
    private final Consumer<String> notices;
    private final Set<String> wholeFileHosts = ConcurrentHashMap.newKeySet();

    RangedHeaders(ContentStore store, Consumer<String> notices) {
        this.store = store;
        this.upstream = store.source(UpstreamSource.class);
        this.notices = notices;
    }

    @Override
    public RpmHeaders headers(RemoteFile rpm) throws IOException {
        Optional<Path> cached = store.cached(rpm.digest());
        if (cached.isPresent()) {
            return fromFile(cached.get(), rpm);
        }
        String host = rpm.urls().get(0).getHost();
        if (upstream.isPresent() && !wholeFileHosts.contains(host)) {
            try {
                return HeaderFetch.fetch((from, length) -> {
                    byte[] read = upstream.get().read(rpm, from, length);
                    store.partRead(rpm, read.length);
                    return read;
                }, rpm.name() + " (" + rpm.urls().get(0) + ")");
            } catch (RangeNotHonoured e) {
                if (wholeFileHosts.add(host)) {
                    notices.accept(e.getMessage() + ": RPMs from " + host + " are downloaded whole for their repodata");
                }
            }
        }
        return fromFile(store.fetch(rpm), rpm);
    }

    private static RpmHeaders fromFile(Path file, RemoteFile rpm) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return RpmHeaders.read(in, rpm.name());
        }
    }
}
