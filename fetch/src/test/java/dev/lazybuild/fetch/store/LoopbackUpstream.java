package dev.lazybuild.fetch.store;

import dev.lazybuild.fetch.http.HttpUpstream;
import dev.lazybuild.fetch.http.UpstreamSource;
import dev.lazybuild.testkit.UpstreamServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real HTTP server on 127.0.0.1, the client that reads it and a place for a store, made
 * before each test and removed after it:
 * {@code @RegisterExtension final LoopbackUpstream upstream = new LoopbackUpstream();}.
 */
public final class LoopbackUpstream implements BeforeEachCallback, AfterEachCallback {
    private UpstreamServer server;
    private HttpUpstream http;
    private Path work;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        server = UpstreamServer.start();
        http = new HttpUpstream(8, Map.of());
        work = Files.createTempDirectory("lazybuild-store-test");
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        http.close();
        server.close();
        GarbageCollector.deleteTree(work);
    }

    /** The store's root, not made yet. */
    public Path root() {
        return work.resolve("cache");
    }

    /** A store at {@link #root()} whose only source is this server. */
    public ContentStore store() {
        return store(root());
    }

    public UpstreamServer server() {
        return server;
    }

    /** A store at {@code root} whose only source is this server. */
    public ContentStore store(Path root) {
        return ContentStore.builder(root).then(new UpstreamSource(http)).build();
    }

    /** A store builder at {@code root} whose only source is this server, for more settings. */
    public ContentStore.Builder storeBuilder(Path root) {
        return ContentStore.builder(root).then(new UpstreamSource(http));
    }
}
