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
 * cold cache downloads those files from its first open on, before it opens the others, and
 * nothing else; a build that opens nothing (its layers come from podman's cache) downloads
 * nothing at all.
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

        // A podman that opens nothing, as one whose layers all come from its cache: nothing is fetched ahead.
        Path opensNothing = work.resolve("podman-that-opens-nothing");
        Files.writeString(opensNothing, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(opensNothing, PosixFilePermissions.fromString("rwxr-xr-x"));
        env.put("LAZYBUILD_PODMAN", opensNothing.toString());
        CliRunner cached = CliRunner.runWith(env, "build", "--cache-dir", work.resolve("cache-2").toString(), context.toString());
        assertThat(cached.status()).as(cached.toString()).isZero();
        assertThat(cached.err()).doesNotContain("fetching ahead").contains("lazybuild: files: 0 opened, 0 downloaded (0 B)");
        assertThat(upstream.requests()).isEmpty();

        // A podman that opens lazya only: lazyb was fetched ahead by lazybuild, from that open on.
        // It runs until the test has seen the fetch-ahead requests (or 60 s have passed), as a
        // build would, since a build that ends stops fetching ahead.
        Path podmanDone = work.resolve("podman-may-exit");
        Path podman = work.resolve("podman-that-opens-lazya");
        Files.writeString(podman, "#!/bin/sh\n"
                + "for a in \"$@\"; do case \"$a\" in *:/cachi2:ro) mnt=${a%%:/cachi2:ro};; esac; done\n"
                + "cat \"$mnt/output/deps/pip/" + Wheels.fileName("lazya", "1.0") + "\" > /dev/null || exit 9\n"
                + "for i in $(seq 600); do [ -e '" + podmanDone + "' ] && exit 0; sleep 0.1; done\n");
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
        assertThat(second.err()).contains("fetching ahead 2 files")
                .containsPattern("lazybuild: files: 1 opened, 2 downloaded \\([^:)]+: 1 on open,"
                        + " 1 fetched ahead \\(0 then opened, 1 not\\)\\), 0 from the cache");
        assertThat(upstream.gets(aUrl.getPath())).isEqualTo(1);
        assertThat(upstream.gets(bUrl.getPath())).isEqualTo(1);
        assertThat(upstream.gets(unusedUrl.getPath())).isZero();

        upstream.clearLog();
        CliRunner off = CliRunner.runWith(env, "build", "--no-fetch-ahead", "--cache-dir", work.resolve("cache-3").toString(),
                context.toString());
        assertThat(off.status()).as(off.toString()).isZero();
        assertThat(upstream.requests()).as("only the file the build opened").singleElement()
                .extracting(UpstreamServer.Request::path).isEqualTo(aUrl.getPath());
    }
}
