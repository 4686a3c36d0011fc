package dev.lazybuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.testkit.BaseImage;
import dev.lazybuild.testkit.Podman;
import dev.lazybuild.testkit.PylockWriter;
import dev.lazybuild.testkit.UpstreamServer;
import dev.lazybuild.testkit.Wheels;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code cache gc --max-size 0} while a real FUSE-mounted podman build runs: the files the
 * build opens afterwards are still in the cache (no second download), everything else goes.
 */
class GcDuringBuildEndToEndTest extends BuildEndToEnd {

    @Test
    void gcDuringABuildNeverRemovesAFileTheBuildThenOpens() throws Exception {
        byte[] app = Wheels.build("lazydemo", "1.0", "kept by the lease", List.of("lazydep==2.0"));
        byte[] dep = Wheels.build("lazydep", "2.0", "a dependency", List.of());
        byte[] stray = Wheels.build("stray", "9.0", "not in this build", List.of());
        URI appUrl = upstream.put("/w/" + Wheels.fileName("lazydemo", "1.0"), app);
        URI depUrl = upstream.put("/w/" + Wheels.fileName("lazydep", "2.0"), dep);
        URI strayUrl = upstream.put("/w/" + Wheels.fileName("stray", "9.0"), stray);
        Path context = Files.createDirectories(work.resolve("context"));
        Files.writeString(context.resolve("pylock.toml"), new PylockWriter()
                .wheel("lazydemo", "1.0", appUrl, app.length, UpstreamServer.sha256(app))
                .wheel("lazydep", "2.0", depUrl, dep.length, UpstreamServer.sha256(dep)).toToml());
        Path other = Files.createDirectories(work.resolve("other"));
        Files.writeString(other.resolve("pylock.toml"), new PylockWriter()
                .wheel("stray", "9.0", strayUrl, stray.length, UpstreamServer.sha256(stray)).toToml());
        // pip opens the wheels only once the test has run gc and opened the gate (a volume of
        // the build); the RUN step gives up after 120 s, so a broken test cannot hang.
        Path gate = Files.createDirectories(work.resolve("gate"));
        Files.writeString(context.resolve("Dockerfile"), "FROM " + BaseImage.NAME + "\n"
                + "RUN for i in $(seq 1200); do [ -e /gate/open ] && break; sleep 0.1; done"
                + " && python3 -m venv /venv && /venv/bin/pip install --no-index --find-links /cachi2/output/deps/pip lazydemo\n");
        Path cache = work.resolve("cache");
        assertThat(CliRunner.run("prefetch", "--cache-dir", cache.toString(), context.toString()).status()).isZero();
        assertThat(CliRunner.run("prefetch", "--cache-dir", cache.toString(), other.toString()).status()).isZero();

        CompletableFuture<CliRunner> build = CompletableFuture.supplyAsync(() -> CliRunner.run("build",
                "--cache-dir", cache.toString(), "--runtime", "runc", "--network=none", "--volume", gate + ":/gate:ro",
                "-t", image, context.toString()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String appLink = "output/deps/pip/" + Wheels.fileName("lazydemo", "1.0");
        while (linkLayers(cache).stream().noneMatch(l -> Files.exists(l.resolve(appLink))) && !build.isDone()) {
            assertThat(System.nanoTime()).as("the build should have taken a lease and linked its cached wheels").isLessThan(deadline);
            Thread.sleep(20);
        }
        CliRunner gc = CliRunner.run("cache", "gc", "--max-size", "0", "--cache-dir", cache.toString());
        assertThat(build.isDone()).as("gc ran while the build ran").isFalse();
        // The build reads its cached wheels through its link layer: gc left the layer and the objects it links alone.
        assertThat(linkLayers(cache)).hasSize(1);
        for (Path layer : linkLayers(cache)) {
            assertThat(Files.isSameFile(layer.resolve(appLink),
                    dev.lazybuild.fetch.store.StoreLayout.of(cache).object(dev.lazybuild.fetch.Digest.sha256(
                            UpstreamServer.sha256(app))))).isTrue();
        }
        Files.createFile(gate.resolve("open"));
        CliRunner built = build.get(300, TimeUnit.SECONDS);

        assertThat(gc.status()).as(gc.toString()).isZero();
        assertThat(gc.out()).contains("removed 1 files").contains("kept 2 files").contains("2 of them in use by running builds");
        assertThat(built.status()).as(built.toString()).isZero();
        assertThat(Podman.runIn(image, "/venv/bin/python -c 'import lazydemo, lazydep; print(lazydemo.VALUE)'"))
                .contains("kept by the lease");
        assertThat(upstream.gets(appUrl.getPath())).as("served from the cache, not downloaded again").isEqualTo(1);
        assertThat(upstream.gets(depUrl.getPath())).isEqualTo(1);
        assertThat(leases(cache)).as("the build released its lease").isEmpty();
        assertThat(linkLayers(cache)).as("and removed its link layer").isEmpty();

        CliRunner after = CliRunner.run("cache", "gc", "--max-size", "0", "--cache-dir", cache.toString());
        assertThat(after.out()).contains("removed 2 files");
        assertThat(PipBuildEndToEndTest.leftoverMounts()).isEmpty();
    }

    private static List<Path> linkLayers(Path cache) throws Exception {
        Path dir = cache.resolve("links");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    private static List<Path> leases(Path cache) throws Exception {
        Path dir = cache.resolve("leases");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".lease")).toList();
        }
    }
}
