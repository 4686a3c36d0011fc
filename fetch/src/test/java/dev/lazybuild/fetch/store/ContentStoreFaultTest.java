package dev.lazybuild.fetch.store;

import static dev.lazybuild.fetch.store.StoreFiles.assertHoldsOnlyVerifiedFiles;
import static dev.lazybuild.fetch.store.StoreFiles.randomBytes;
import static dev.lazybuild.fetch.store.StoreFiles.remote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lazybuild.fetch.FetchException;
import dev.lazybuild.fetch.RemoteFile;
import dev.lazybuild.fetch.http.HttpUpstream;
import dev.lazybuild.fetch.http.UpstreamSource;
import dev.lazybuild.testkit.UpstreamServer;
import dev.lazybuild.testkit.UpstreamServer.Fault;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every misbehaviour of a server the store must survive, each ending with a store of verified files only. */
class ContentStoreFaultTest {
    private static final int SIZE = 400_000;

    @TempDir
    Path work;

    private UpstreamServer server;
    private HttpUpstream http;
    private ContentStore store;
    private byte[] content;
    private RemoteFile file;

    @BeforeEach
    void start() {
        server = UpstreamServer.start();
        http = new HttpUpstream(8, Map.of());
        store = ContentStore.builder(work.resolve("cache")).then(new UpstreamSource(http)).build();
        content = randomBytes(SIZE, 42);
        URI url = server.put("/f.whl", content);
        file = remote(url, content);
    }

    @AfterEach
    void stop() throws IOException {
        http.close();
        server.close();
    }

    private void assertStoredCorrectly() throws IOException {
        assertThat(Files.readAllBytes(store.fetch(file))).isEqualTo(content);
        assertHoldsOnlyVerifiedFiles(work.resolve("cache"));
    }

    @Test
    void serverErrorsAreRetriedUntilTheFileArrives() throws IOException {
        server.fault("/f.whl", Fault.status(503, 2));
        assertStoredCorrectly();
        assertThat(server.gets("/f.whl")).isEqualTo(3);
    }

    @Test
    void tooManyRequestsWaitsAsLongAsRetryAfterSays() throws IOException {
        server.fault("/f.whl", Fault.statusWithRetryAfter(429, 1, 1));
        long started = System.nanoTime();
        assertStoredCorrectly();
        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(1000);
        assertThat(server.gets("/f.whl")).isEqualTo(2);
    }

    @Test
    void aConnectionResetMidBodyResumesWithARangeRequest() throws IOException {
        server.fault("/f.whl", Fault.resetAfter(150_000, 1));
        assertStoredCorrectly();
        assertThat(server.requests()).anySatisfy(r -> assertThat(r.range()).isEqualTo("bytes=150000-"));
    }

    @Test
    void aTruncatedBodyIsNeverStoredAndIsResumed() throws IOException {
        server.fault("/f.whl", Fault.truncateAfter(1000, 2));
        assertStoredCorrectly();
        assertThat(server.requests()).anySatisfy(r -> assertThat(r.range()).isEqualTo("bytes=1000-"));
    }

    @Test
    void aKeptPartialFileWithWrongBytesIsDroppedAndDownloadedAgainFromTheStart() throws IOException {
        // What power loss can leave: the right length of a part file, but not the right bytes.
        Path part = work.resolve("cache/tmp/sha256-" + file.digest().hex() + ".part");
        Files.write(part, new byte[100_000]);
        assertStoredCorrectly();
        assertThat(server.requests()).extracting(UpstreamServer.Request::range).containsExactly("bytes=100000-", null);
    }

    @Test
    void aSlowBodyStillArrivesWhole() throws IOException {
        server.throttle(2_000_000, 200);
        assertStoredCorrectly();
        assertThat(server.gets("/f.whl")).isEqualTo(1);
    }

    @Test
    void aMissingFileFailsAtOnceWithoutRetries() throws IOException {
        RemoteFile missing = remote(server.url("/nope.whl"), content);
        assertThatThrownBy(() -> store.fetch(missing)).isInstanceOf(FetchException.class)
                .hasMessageContaining("HTTP 404 from " + server.url("/nope.whl"));
        assertThat(server.gets("/nope.whl")).isEqualTo(1);
        assertHoldsOnlyVerifiedFiles(work.resolve("cache"));
    }

    @Test
    void aServerThatKeepsFailingEndsInAFailureAndAnEmptyStore() throws IOException {
        server.fault("/f.whl", Fault.status(500, 100));
        assertThatThrownBy(() -> store.fetch(file)).isInstanceOf(FetchException.class)
                .hasMessageContaining("HTTP 500 from " + file.urls().get(0));
        assertThat(server.gets("/f.whl")).isEqualTo(4);
        assertThat(store.cached(file.digest())).isEmpty();
        assertHoldsOnlyVerifiedFiles(work.resolve("cache"));
    }

    @Test
    void aBodyLongerThanTheLockfileSaysIsRejected() throws IOException {
        byte[] longer = randomBytes(SIZE + 10, 43);
        server.fault("/f.whl", Fault.wrongContent(longer, 10));
        assertThatThrownBy(() -> store.fetch(file)).isInstanceOf(FetchException.class)
                .hasMessageContaining("size mismatch for " + file.urls().get(0));
        assertHoldsOnlyVerifiedFiles(work.resolve("cache"));
    }

    @Test
    void aResetOnEveryAttemptFailsAndLeavesNoPartialFile() throws IOException {
        server.fault("/f.whl", Fault.resetAfter(0, 100));
        assertThatThrownBy(() -> store.fetch(file)).isInstanceOf(FetchException.class);
        assertThat(store.cached(file.digest())).isEmpty();
        assertHoldsOnlyVerifiedFiles(work.resolve("cache"));
    }
}
