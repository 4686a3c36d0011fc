package dev.lazybuild.fetch.store;

import static dev.lazybuild.fetch.store.StoreFiles.assertHoldsOnlyVerifiedFiles;
import static dev.lazybuild.fetch.store.StoreFiles.randomBytes;
import static dev.lazybuild.fetch.store.StoreFiles.remote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lazybuild.fetch.FetchException;
import dev.lazybuild.fetch.RemoteFile;
import dev.lazybuild.fetch.http.HttpUpstream;
import dev.lazybuild.fetch.http.MirrorRules;
import dev.lazybuild.fetch.http.Upstream;
import dev.lazybuild.fetch.http.UpstreamSource;
import dev.lazybuild.testkit.UpstreamServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentStoreTest {
    @TempDir
    Path work;

    private UpstreamServer server;
    private HttpUpstream http;

    @BeforeEach
    void start() {
        server = UpstreamServer.start();
        http = new HttpUpstream(8, Map.of());
    }

    @AfterEach
    void stop() throws IOException {
        http.close();
        server.close();
    }

    @Test
    void callersInOneProcessForOneDigestShareOneDownload() throws Exception {
        byte[] content = randomBytes(300_000, 1);
        RemoteFile file = remote(server.put("/shared.whl", content), content);
        server.fault("/shared.whl", UpstreamServer.Fault.delay(500, 1));
        ContentStore store = ContentStore.builder(work.resolve("cache")).then(new UpstreamSource(http)).build();
        // A second store on the same root in this JVM, as prefetch and build could be.
        ContentStore sameRoot = ContentStore.builder(work.resolve("cache")).then(new UpstreamSource(http)).build();

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Path>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                ContentStore s = i % 2 == 0 ? store : sameRoot;
                results.add(pool.submit(() -> s.fetch(file)));
            }
            for (Future<Path> r : results) {
                assertThat(Files.readAllBytes(r.get())).isEqualTo(content);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(server.gets("/shared.whl")).isEqualTo(1);
        assertHoldsOnlyVerifiedFiles(work.resolve("cache"));
    }

    @Test
    void aStoredFileIsServedWithoutAnotherRequest() {
        byte[] content = randomBytes(1000, 2);
        RemoteFile file = remote(server.put("/a.tgz", content), content);
        ContentStore store = ContentStore.builder(work.resolve("cache")).then(new UpstreamSource(http)).build();
        Path first = store.fetch(file);
        Path second = store.fetch(file);
        assertThat(second).isEqualTo(first).endsWith(Path.of("sha256", file.digest().hex().substring(0, 2),
                file.digest().hex()));
        assertThat(server.gets("/a.tgz")).isEqualTo(1);
    }

    @Test
    void theMirrorIsTriedFirstAndTheOriginAfterIt() throws Exception {
        byte[] content = randomBytes(5000, 3);
        try (UpstreamServer mirror = UpstreamServer.start()) {
            URI origin = server.put("/pypi/pkg.whl", content);
            MirrorRules rules = new MirrorRules(Map.of(server.url("/pypi/").toString(), mirror.url("/proxy/pypi/").toString()));
            ContentStore store = ContentStore.builder(work.resolve("cache")).then(new UpstreamSource(http, rules, UpstreamSource.DEFAULT_DOWNLOADS_PER_HOST)).build();

            // The mirror lacks the file (404): the origin serves it, after the mirror was asked.
            store.fetch(remote(origin, content));
            assertThat(mirror.gets("/proxy/pypi/pkg.whl")).isEqualTo(1);
            assertThat(server.gets("/pypi/pkg.whl")).isEqualTo(1);

            // The mirror has it: the origin is not asked at all.
            byte[] other = randomBytes(6000, 4);
            URI origin2 = server.put("/pypi/other.whl", other);
            mirror.put("/proxy/pypi/other.whl", other);
            store.fetch(remote(origin2, other));
            assertThat(mirror.gets("/proxy/pypi/other.whl")).isEqualTo(1);
            assertThat(server.gets("/pypi/other.whl")).isZero();
        }
        assertHoldsOnlyVerifiedFiles(work.resolve("cache"));
    }

    @Test
    void wrongContentIsDroppedAndTheNextUrlServesTheFile() throws Exception {
        byte[] content = randomBytes(4000, 5);
        URI bad = server.put("/bad/f.rpm", content);
        URI good = server.put("/good/f.rpm", content);
        server.fault("/bad/f.rpm", UpstreamServer.Fault.wrongContent(randomBytes(4000, 6), 10));
        ContentStore store = ContentStore.builder(work.resolve("cache")).then(new UpstreamSource(http)).build();

        Path stored = store.fetch(remote(List.of(bad, good), content));

        assertThat(Files.readAllBytes(stored)).isEqualTo(content);
        assertThat(server.gets("/bad/f.rpm")).as("the same URL would give the same wrong bytes").isEqualTo(1);
        assertThat(server.gets("/good/f.rpm")).isEqualTo(1);
        assertHoldsOnlyVerifiedFiles(work.resolve("cache"));
    }

    @Test
    void wrongContentFromTheOnlyUrlFailsNamingUrlExpectedAndActualDigest() throws Exception {
        byte[] content = randomBytes(4000, 7);
        byte[] wrong = randomBytes(4000, 8);
        URI url = server.put("/only/f.rpm", content);
        server.fault("/only/f.rpm", UpstreamServer.Fault.wrongContent(wrong, 10));
        ContentStore store = ContentStore.builder(work.resolve("cache")).then(new UpstreamSource(http)).build();
        RemoteFile file = remote(url, content);

        assertThatThrownBy(() -> store.fetch(file))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining(url.toString())
                .hasMessageContaining("expected " + file.digest().hex())
                .hasMessageContaining("got " + UpstreamServer.sha256(wrong));
        assertThat(store.cached(file.digest())).isEmpty();
        assertHoldsOnlyVerifiedFiles(work.resolve("cache"));
    }

    @Test
    void downloadsFromOneHostAreBoundedWhateverTheNumberOfCallers() throws Exception {
        ConcurrencyCountingUpstream counting = new ConcurrencyCountingUpstream(http);
        ContentStore store = ContentStore.builder(work.resolve("cache")).then(new UpstreamSource(counting, MirrorRules.NONE, 2)).build();
        List<RemoteFile> files = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            byte[] c = randomBytes(2000, 100 + i);
            String path = "/bounded/" + i + ".whl";
            server.put(path, c);
            server.fault(path, UpstreamServer.Fault.delay(300, 1));
            files.add(remote(server.url(path), c));
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Path>> results = new ArrayList<>();
            files.forEach(f -> results.add(pool.submit(() -> store.fetch(f))));
            for (Future<Path> r : results) {
                r.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(counting.max.get()).isEqualTo(2);
    }

    /** The real HTTP upstream, counting how many transfers run at once. */
    private static final class ConcurrencyCountingUpstream implements Upstream {
        private final Upstream delegate;
        private final AtomicInteger running = new AtomicInteger();
        final AtomicInteger max = new AtomicInteger();

        ConcurrencyCountingUpstream(Upstream delegate) {
            this.delegate = delegate;
        }

        @Override
        public long download(URI url, long offset, OutputStream out) throws IOException {
            max.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                return delegate.download(url, offset, out);
            } finally {
                running.decrementAndGet();
            }
        }

        @Override
        public long size(URI url) throws IOException {
            return delegate.size(url);
        }
    }
}
