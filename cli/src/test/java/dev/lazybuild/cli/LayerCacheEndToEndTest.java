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
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * podman does not hash a --volume's content into its layer cache key: without lazybuild's
 * tree key, the second build below would reuse the layer that installed version 1.0.
 */
class LayerCacheEndToEndTest extends BuildEndToEnd {

    @Test
    void buildWithLayersAfterALockfileChangeInstallsTheNewVersionAndTheOldTreeReusesItsLayer() throws Exception {
        Path context = Files.createDirectories(work.resolve("context"));
        Files.writeString(context.resolve("Containerfile"), "FROM " + BaseImage.NAME + "\n"
                + "RUN python3 -m venv /venv && /venv/bin/pip install --no-index --find-links /cachi2/output/deps/pip lazydemo\n");
        // Unique content per run: an earlier run's layers for the same tree are rightly reused.
        String run = UUID.randomUUID().toString();
        String v1 = lockfile("1.0", "first version " + run);
        String v2 = lockfile("2.0", "second version " + run);

        Files.writeString(context.resolve("pylock.toml"), v1);
        CliRunner first = build(context);
        assertThat(first.status()).as(first.toString()).isZero();
        assertThat(first.err()).containsPattern("lazybuild: files: 1 opened, 1 downloaded \\(\\d+ B\\), 0 from the cache;");
        System.out.println("summary of the first build: " + first.err().lines().filter(l -> l.startsWith("lazybuild: ")).toList());
        assertThat(installedValue()).contains("first version");

        Files.writeString(context.resolve("pylock.toml"), v2);
        CliRunner second = build(context);
        assertThat(second.status()).as(second.toString()).isZero();
        assertThat(runStep(second)).doesNotContain("Using cache").contains("Successfully installed lazydemo-2.0");
        assertThat(installedValue()).contains("second version");

        Files.writeString(context.resolve("pylock.toml"), v1);
        Path summary = work.resolve("summary.json");
        CliRunner third = build(context, "--summary-json", summary.toString());
        assertThat(third.status()).as(third.toString()).isZero();
        assertThat(third.err()).contains("lazybuild: files: 0 opened, 0 downloaded (0 B), 0 from the cache");
        assertThat(Files.readString(summary)).contains("\"filesOpened\" : 0").contains("\"podmanExitStatus\" : 0");
        assertThat(runStep(third)).as("the same tree may reuse its layer").contains("Using cache");
        assertThat(installedValue()).contains("first version");
    }

    private String lockfile(String version, String value) {
        byte[] wheel = Wheels.build("lazydemo", version, value, List.of());
        URI url = upstream.put("/" + Wheels.fileName("lazydemo", version), wheel);
        return new PylockWriter().wheel("lazydemo", version, url, wheel.length, UpstreamServer.sha256(wheel)).toToml();
    }

    private CliRunner build(Path context, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("build", "--cache-dir", work.resolve("cache").toString()));
        args.addAll(List.of(extra));
        args.addAll(List.of("--runtime", "runc", "--layers", "--network=none", "-t", image, context.toString()));
        return CliRunner.run(args.toArray(String[]::new));
    }

    /**
     * podman's output from the RUN step on (the ARG step before it is rightly cached); the step
     * reads {@code RUN . /cachi2/cachi2.env && python3 ...}, as konflux-build-cli prefixes it.
     */
    private static String runStep(CliRunner r) {
        String all = r.out() + r.err();
        int step = all.indexOf("python3 -m venv");
        assertThat(step).as("podman's output shows the RUN step:\n" + all).isNotNegative();
        return all.substring(all.lastIndexOf("STEP", step));
    }

    private String installedValue() {
        return Podman.runIn(image, "/venv/bin/python -c 'import lazydemo; print(lazydemo.VALUE)'");
    }
}
