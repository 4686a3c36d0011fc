package dev.lazybuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.store.StoreLayout;
import dev.lazybuild.testkit.BaseImage;
import dev.lazybuild.testkit.PylockWriter;
import dev.lazybuild.testkit.UpstreamServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A real podman build (runc, as root) over the cached view: the file already in the cache is
 * read through its link (GcDuringBuildEndToEndTest sees the link during a build) and shows the
 * tree's mode in the writable output, the one that is not comes through FUSE, and a RUN step that writes to the cached file in the writable
 * /cachi2/output changes its copy, never the object. The opens through the view are counted
 * as FUSE's are.
 */
class CachedViewEndToEndTest extends BuildEndToEnd {

    @Test
    void aCachedFileIsTheStoresObjectAnUncachedOneComesThroughFuseAndWritesNeverReachTheObject() throws Exception {
        byte[] cached = "cached wheel bytes\n".getBytes(StandardCharsets.UTF_8);
        byte[] lazy = "downloaded when opened\n".getBytes(StandardCharsets.UTF_8);
        URI cachedUrl = upstream.put("/w/cached-1.0-py3-none-any.whl", cached);
        URI lazyUrl = upstream.put("/w/lazy-1.0-py3-none-any.whl", lazy);
        Path warm = Files.createDirectories(work.resolve("warm"));
        Files.writeString(warm.resolve("pylock.toml"), new PylockWriter()
                .wheel("cached", "1.0", cachedUrl, cached.length, UpstreamServer.sha256(cached)).toToml());
        Path context = Files.createDirectories(work.resolve("context"));
        Files.writeString(context.resolve("pylock.toml"), new PylockWriter()
                .wheel("cached", "1.0", cachedUrl, cached.length, UpstreamServer.sha256(cached))
                .wheel("lazy", "1.0", lazyUrl, lazy.length, UpstreamServer.sha256(lazy)).toToml());
        String pip = "/cachi2/output/deps/pip/";
        Files.writeString(context.resolve("Containerfile"), "FROM " + BaseImage.NAME + "\n"
                + "RUN cat " + pip + "cached-1.0-py3-none-any.whl " + pip + "lazy-1.0-py3-none-any.whl"
                + " && stat -c 'mode %a %n' " + pip + "*.whl"
                + " && echo changed >> " + pip + "cached-1.0-py3-none-any.whl && cat " + pip + "cached-1.0-py3-none-any.whl\n");
        Path cache = work.resolve("cache");
        assertThat(CliRunner.run("prefetch", "--cache-dir", cache.toString(), warm.toString()).status()).isZero();
        Path object = StoreLayout.of(cache).object(Digest.sha256(UpstreamServer.sha256(cached)));

        CliRunner built = CliRunner.runWith(Map.of("LAZYBUILD_RUNTIME_DIR", work.resolve("run").toString()), "build",
                "--cache-dir", cache.toString(), "--no-fetch-ahead", "--runtime", "runc", "--network=none", "--no-cache",
                "-t", image, context.toString());

        assertThat(built.status()).as(built.toString()).isZero();
        String log = built.out() + built.err();
        assertThat(log).contains("cached wheel bytes").contains("downloaded when opened")
                .as("the link shows Konflux's mode in the writable output, as FUSE's file does")
                .contains("mode 666 " + pip + "cached-1.0-py3-none-any.whl")
                .contains("mode 666 " + pip + "lazy-1.0-py3-none-any.whl")
                .contains("cached wheel bytes\nchanged");
        assertThat(log).as("both opens are counted, the linked one too")
                .contains("files: 2 opened, 1 downloaded").contains("1 from the cache");
        assertThat(upstream.gets(cachedUrl.getPath())).as("the cached wheel was not downloaded again").isEqualTo(1);
        assertThat(upstream.gets(lazyUrl.getPath())).isEqualTo(1);
        assertThat(Files.readAllBytes(object)).as("the RUN step's write changed a copy").isEqualTo(cached);
        assertThat(Digest.of(Digest.Algorithm.SHA256, Files.readAllBytes(object)).hex()).isEqualTo(UpstreamServer.sha256(cached));
        assertThat(Files.getAttribute(object, "unix:nlink")).as("the build's link is gone").isEqualTo(1);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(object))).isEqualTo("r--r--r--");
        try (Stream<Path> links = Files.list(cache.resolve("links"))) {
            assertThat(links.toList()).as("no link layer is left").isEmpty();
        }
        assertThat(PipBuildEndToEndTest.leftoverMounts()).isEmpty();
    }
}
