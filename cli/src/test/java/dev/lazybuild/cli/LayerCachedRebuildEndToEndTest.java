package dev.lazybuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.testkit.BaseImage;
import dev.lazybuild.testkit.Podman;
import dev.lazybuild.testkit.RpmLockWriter;
import dev.lazybuild.testkit.Rpms;
import dev.lazybuild.testkit.SimpleIndex;
import dev.lazybuild.testkit.UpstreamServer;
import dev.lazybuild.testkit.Wheels;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Nothing before it is needed: after {@code cache gc --max-size 0} emptied the cache, a build
 * whose every layer comes from podman's cache downloads nothing, asks no server anything, and
 * makes no repodata: pip requirements resolved through an index (the resolution is metadata gc
 * keeps), RPMs (repodata made only when a build looks into the repository) and a generic file
 * (its size remembered), with a fetch-ahead record of what the first build opened (fetch-ahead
 * starts on the first open, and there is none).
 */
class LayerCachedRebuildEndToEndTest extends BuildEndToEnd {

    @Test
    void aLayerCachedRebuildAfterGcToZeroDownloadsNothing() throws Exception {
        // Unique content per run: an earlier run's layers for the same tree are rightly reused.
        String run = UUID.randomUUID().toString();
        SimpleIndex index = new SimpleIndex(upstream);
        byte[] wheel = Wheels.build("lazyapp", "1.0", "app " + run, List.of());
        index.add("lazyapp", Wheels.fileName("lazyapp", "1.0"), wheel).publish();
        Rpms.Rpm rpm = Rpms.build("lazyextra", "3.0", "noarch", "extra " + run, List.of());
        URI rpmUrl = upstream.put("/x86/" + rpm.fileName(), rpm.bytes());
        byte[] generic = ("generic " + run + "\n").getBytes(StandardCharsets.UTF_8);
        URI genericUrl = upstream.put("/files/data.txt", generic);

        Path context = Files.createDirectories(work.resolve("context"));
        Files.writeString(context.resolve("requirements.txt"), "--index-url " + index.jsonIndex() + "\n"
                + "lazyapp==1.0 --hash=sha256:" + UpstreamServer.sha256(wheel) + "\n");
        Files.writeString(context.resolve("rpms.lock.yaml"), new RpmLockWriter()
                .rpm("x86_64", "lazy-base", rpmUrl, rpm.bytes().length, UpstreamServer.sha256(rpm.bytes()), "lazyextra", "3.0-1")
                .toYaml());
        Files.writeString(context.resolve("artifacts.lock.yaml"), "metadata:\n  version: '1.0'\nartifacts:\n"
                + "  - download_url: " + genericUrl + "\n    checksum: sha256:" + UpstreamServer.sha256(generic)
                + "\n    filename: data.txt\n");
        Files.writeString(context.resolve("Containerfile"), "FROM " + BaseImage.NAME + "\n"
                + "COPY requirements.txt /requirements.txt\n"
                + "RUN python3 -m venv /venv && /venv/bin/pip install --no-index --find-links /cachi2/output/deps/pip"
                + " -r /requirements.txt\n"
                + "RUN dnf install -y lazyextra\n"
                + "RUN cat /cachi2/output/deps/generic/data.txt > /data.txt\n");
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("LAZYBUILD_STATE_DIR", work.resolve("state").toString());
        Path cache = work.resolve("cache");

        CliRunner first = build(env, context, cache);
        assertThat(first.status()).as(first.toString()).isZero();
        // The RPM's header was read for repodata, then the RPM downloaded whole when dnf opened it: one file.
        assertThat(first.err()).containsPattern("lazybuild: files: 3 opened, 3 downloaded \\([^:)]+\\), 0 from the cache");
        assertThat(Podman.runIn(image, "cat /data.txt; rpm -q lazyextra")).contains("generic " + run, "lazyextra-3.0-1");

        CliRunner gc = CliRunner.run("cache", "gc", "--max-size", "0", "--cache-dir", cache.toString());
        assertThat(gc.status()).as(gc.toString()).isZero();
        try (Stream<Path> objects = Files.walk(cache.resolve("objects")); Stream<Path> repodata = Files.walk(cache.resolve("repodata"))) {
            assertThat(objects.filter(Files::isRegularFile)).as("gc emptied the objects").isEmpty();
            assertThat(repodata.filter(Files::isRegularFile)).as("gc emptied the repodata").isEmpty();
        }
        upstream.clearLog();

        Path summary = work.resolve("summary.json");
        CliRunner second = build(env, context, cache, "--summary-json", summary.toString());

        assertThat(second.status()).as(second.toString()).isZero();
        assertThat(upstream.requests()).as("a layer-cached build asks no server anything").isEmpty();
        assertThat(second.err()).contains("lazybuild: files: 0 opened, 0 downloaded (0 B), 0 from the cache")
                .doesNotContain("fetching ahead").doesNotContain("no cached repodata");
        assertThat(Files.readString(summary)).contains("\"filesDownloaded\" : 0").contains("\"bytesDownloaded\" : 0");
        assertThat(second.out() + second.err()).contains("Using cache");
        try (Stream<Path> repodata = Files.walk(cache.resolve("repodata"))) {
            assertThat(repodata.filter(Files::isRegularFile)).as("no repodata was made").isEmpty();
        }
    }

    private CliRunner build(Map<String, String> env, Path context, Path cache, String... extra) {
        List<String> args = new ArrayList<>(List.of("build", "--cache-dir", cache.toString(),
                "--lockfile", context.resolve("requirements.txt").toString(), "--repo-option", "gpgcheck=0"));
        args.addAll(List.of(extra));
        args.addAll(List.of("--runtime", "runc", "--layers", "--network=none", "-t", image,
                "-f", context.resolve("Containerfile").toString(), context.toString()));
        return CliRunner.runWith(env, args.toArray(String[]::new));
    }
}
