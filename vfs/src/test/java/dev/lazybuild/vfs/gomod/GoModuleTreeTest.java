package dev.lazybuild.vfs.gomod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lazybuild.fetch.FetchException;
import dev.lazybuild.fetch.http.HttpUpstream;
import dev.lazybuild.fetch.http.UpstreamSource;
import dev.lazybuild.fetch.store.ContentStore;
import dev.lazybuild.testkit.GoModules;
import dev.lazybuild.testkit.UpstreamServer;
import dev.lazybuild.vfs.lockfile.Ecosystem;
import dev.lazybuild.vfs.lockfile.LockedFile;
import dev.lazybuild.vfs.tree.FileNode;
import dev.lazybuild.vfs.tree.HermetoLayout;
import dev.lazybuild.vfs.tree.Tree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Go part of the tree, fetched through the real store from a loopback module proxy. */
class GoModuleTreeTest {
    private static final String DOWNLOAD = "output/" + ModuleCache.DOWNLOAD_DIR + "/";
    @TempDir
    Path work;
    UpstreamServer upstream;
    HttpUpstream http;
    GoModules proxy;
    Path app;

    @BeforeEach
    void project() {
        upstream = UpstreamServer.start();
        http = new HttpUpstream(4, Map.of());
        proxy = new GoModules(work);
        proxy.module("example.com/Lib", "v1.0.0").pkg("").publish();
        app = GoModules.app(work.resolve("app"), "example.com/app", "1.21", "example.com/Lib");
        proxy.tidy(app);
        proxy.serve(upstream, "/goproxy/");
    }

    @AfterEach
    void stop() throws IOException {
        http.close();
        upstream.close();
    }

    @Test
    void everyDownloadComesVerifiedFromTheProxyAndTheRestIsGenerated() throws IOException {
        GoModuleTree go = GoModuleTree.read(app, List.of(app), GoProxy.parse(upstream.url("/goproxy").toString()));
        ContentStore store = ContentStore.builder(work.resolve("cache")).then(new UpstreamSource(http)).build();

        assertThat(go.downloads()).extracting(LockedFile::path).containsExactly(
                ModuleCache.DOWNLOAD_DIR + "/example.com/!lib/@v/v1.0.0.info",
                ModuleCache.DOWNLOAD_DIR + "/example.com/!lib/@v/v1.0.0.mod",
                ModuleCache.DOWNLOAD_DIR + "/example.com/!lib/@v/v1.0.0.zip");
        assertThat(go.downloads()).allMatch(f -> f.ecosystem() == Ecosystem.GOMOD);
        for (LockedFile f : go.downloads()) {
            String relative = f.path().substring(ModuleCache.DOWNLOAD_DIR.length() + 1);
            assertThat(store.fetch(f.remote())).hasSameBinaryContentAs(proxy.proxyDir().resolve(relative));
        }
        Tree tree = go.addGeneratedTo(HermetoLayout.builder(Tree.builder().listingOnly(), go.downloads(), "/cachi2")).build();
        FileNode ziphash = (FileNode) tree.lookup(DOWNLOAD + "example.com/!lib/@v/v1.0.0.ziphash");
        assertThat(new String(((FileNode.Inline) ziphash.content()).bytes())).startsWith("h1:")
                .isEqualTo(GoSum.parse("go.sum", Files.readString(app.resolve("go.sum")))
                        .zipHash(new ModuleVersion("example.com/Lib", "v1.0.0")));
        assertThat(tree.lookup(DOWNLOAD + "example.com/!lib/@v/list")).isNotNull();
        assertThat(tree.lookup(DOWNLOAD + "example.com/!lib/@v/v1.0.0.lock")).isNotNull();
    }

    @Test
    void aTamperedZipIsNotStoredAndTheErrorNamesTheModule() throws IOException {
        Path other = new GoModules(work.resolve("evil")).module("example.com/Lib", "v1.0.0").pkg("").file("x.go", "package lib\n")
                .publish();
        upstream.put("/goproxy/example.com/!lib/@v/v1.0.0.zip", Files.readAllBytes(other));
        GoModuleTree go = GoModuleTree.read(app, List.of(app), GoProxy.parse(upstream.url("/goproxy/").toString()));
        ContentStore store = ContentStore.builder(work.resolve("cache")).then(new UpstreamSource(http)).build();
        LockedFile zip = go.downloads().stream().filter(f -> f.path().endsWith(".zip")).findFirst().orElseThrow();

        assertThatThrownBy(() -> store.fetch(zip.remote())).isInstanceOf(FetchException.class)
                .hasMessageContaining("cannot download example.com/Lib@v1.0.0.zip: example.com/Lib@v1.0.0: its zip from the"
                        + " module proxy hashes to h1:");
        assertThat(store.cached(zip.remote().digest())).isEmpty();
    }
}
