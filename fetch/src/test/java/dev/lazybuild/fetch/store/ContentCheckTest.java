package dev.lazybuild.fetch.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.FetchException;
import dev.lazybuild.fetch.RemoteFile;
import dev.lazybuild.fetch.http.HttpUpstream;
import dev.lazybuild.fetch.http.UpstreamSource;
import dev.lazybuild.testkit.UpstreamServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file keyed by a chosen key (a Go module file) is stored only when its content check passes, and checked once. */
class ContentCheckTest {
    @TempDir
    Path work;

    private UpstreamServer server;
    private HttpUpstream http;
    private ContentStore store;

    @BeforeEach
    void start() {
        server = UpstreamServer.start();
        http = new HttpUpstream(8, Map.of());
        store = ContentStore.builder(work.resolve("cache")).then(new UpstreamSource(http)).build();
    }

    @AfterEach
    void stop() throws IOException {
        http.close();
        server.close();
    }

    @Test
    void aPassingCheckStoresTheFileOnceAndLaterFetchesDoNotCheckAgain() throws IOException {
        AtomicInteger checks = new AtomicInteger();
        RemoteFile file = new RemoteFile(java.util.List.of(server.put("/m/@v/v1.0.0.mod", "module example.com/m\n".getBytes(StandardCharsets.UTF_8))),
                Digest.checkedKey("h1:abc"), RemoteFile.UNKNOWN_SIZE, "example.com/m@v1.0.0.mod",
                content -> checks.incrementAndGet() == 1 && readable(content) ? null : "checked twice");

        Path first = store.fetch(file);
        Path second = store.fetch(file);

        assertThat(second).isEqualTo(first).hasContent("module example.com/m");
        assertThat(first.toString()).contains("/checked/");
        assertThat(checks).hasValue(1);
        assertThat(server.gets("/m/@v/v1.0.0.mod")).isEqualTo(1);
        assertThat(new StoredObjects(store.root()).verify()).as("cache verify keeps checked objects").isEmpty();
    }

    @Test
    void aFailingCheckStoresNothingAndTheErrorSaysWhy() {
        RemoteFile file = new RemoteFile(java.util.List.of(server.put("/m/@v/v1.0.0.zip", "not a zip".getBytes(StandardCharsets.UTF_8))),
                Digest.checkedKey("h1:def"), RemoteFile.UNKNOWN_SIZE, "example.com/m@v1.0.0.zip",
                content -> "example.com/m@v1.0.0: its zip does not match go.sum");

        assertThatThrownBy(() -> store.fetch(file)).isInstanceOf(FetchException.class)
                .hasMessageContaining("cannot download example.com/m@v1.0.0.zip: example.com/m@v1.0.0: its zip does not match go.sum");
        assertThat(store.cached(file.digest())).isEmpty();
    }

    @Test
    void aChosenKeyWithoutACheckIsRefused() {
        assertThatThrownBy(() -> new RemoteFile(server.url("/x"), Digest.checkedKey("x"), 1, "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static boolean readable(Path p) {
        return Files.isRegularFile(p);
    }
}
