package dev.lazybuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.testkit.BaseImage;
import dev.lazybuild.testkit.PylockWriter;
import dev.lazybuild.testkit.UpstreamServer;
import dev.lazybuild.testkit.Wheels;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A build records what it opened; the next build of the same context and Containerfile on a
 * cold cache downloads those files as soon as the mount is up, before anything opens them,
 * and nothing else.
 */
class FetchAheadEndToEndTest extends BuildEndToEnd {

    @Test
    void aColdBuildFetchesAheadExactlyWhatTheLastBuildOpened() throws Exception {
        byte[] a = Wheels.build("lazya", "1.0", "a", List.of());
        byte[] b = Wheels.build("lazyb", "1.0", "b", List.of());
        byte[] unused = Wheels.build("unused", "1.0", "never", List.of());
        URI aUrl = upstream.put("/" + Wheels.fileName("lazya", "1.0"), a);
        URI bUrl = upstream.put("/" + Wheels.fileName("lazyb", "1.0"), b);
        URI unusedUrl = upstream.put("/" + Wheels.fileName("unused", "1.0"), unused);
        Path context = Files.createDirectories(work.resolve("context"));
        Files.writeString(context.resolve("pylock.toml"), new PylockWriter()
                .wheel("lazya", "1.0", aUrl, a.length, UpstreamServer.sha256(a))
                .wheel("lazyb", "1.0", bUrl, b.length, UpstreamServer.sha256(b))
                .wheel("unused", "1.0", unusedUrl, unused.length, UpstreamServer.sha256(unused)).toToml());
        String pip = "/cachi2/output/deps/pip/";
        Files.writeString(context.resolve("Containerfile"), "FROM " + BaseImage.NAME + "\n"
                + "RUN cat " + pip + Wheels.fileName("lazya", "1.0") + " " + pip + Wheels.fileName("lazyb", "1.0") + " > /dev/null\n");
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("LAZYBUILD_STATE_DIR", work.resolve("state").toString());

        CliRunner first = CliRunner.runWith(env, "build", "--cache-dir", work.resolve("cache-1").toString(),
                "--runtime", "runc", "--network=none", "-t", image, context.toString());
        assertThat(first.status()).as(first.toString()).isZero();
        assertThat(first.err()).doesNotContain("fetching ahead");
        upstream.clearLog();

        // A podman that opens nothing: whatever is downloaded now was fetched ahead by lazybuild.
        // It runs until the test has seen the fetch-ahead requests (or 60 s have passed), as a
        // build would, since a build that ends stops fetching ahead.
        Path podmanDone = work.resolve("podman-may-exit");
        Path podman = work.resolve("podman-that-opens-nothing");
        Files.writeString(podman, "#!/bin/sh\nfor i in $(seq 600); do [ -e '" + podmanDone + "' ] && exit 0; sleep 0.1; done\n");
        Files.setPosixFilePermissions(podman, PosixFilePermissions.fromString("rwxr-xr-x"));
        env.put("LAZYBUILD_PODMAN", podman.toString());
        CompletableFuture<CliRunner> build = CompletableFuture.supplyAsync(() ->
                CliRunner.runWith(env, "build", "--cache-dir", work.resolve("cache-2").toString(), context.toString()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while ((upstream.gets(aUrl.getPath()) == 0 || upstream.gets(bUrl.getPath()) == 0) && !build.isDone()
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Files.createFile(podmanDone);
        CliRunner second = build.get(60, TimeUnit.SECONDS);

        assertThat(second.status()).as(second.toString()).isZero();
        assertThat(second.err()).contains("fetching ahead 2 files");
        assertThat(upstream.gets(aUrl.getPath())).isEqualTo(1);
        assertThat(upstream.gets(bUrl.getPath())).isEqualTo(1);
        assertThat(upstream.gets(unusedUrl.getPath())).isZero();

        upstream.clearLog();
        CliRunner off = CliRunner.runWith(env, "build", "--no-fetch-ahead", "--cache-dir", work.resolve("cache-3").toString(),
                context.toString());
        assertThat(off.status()).as(off.toString()).isZero();
        assertThat(upstream.requests()).isEmpty();
    }
}
