package dev.lazybuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.testkit.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * build takes its settings from lazybuild.toml and the environment, and hands podman what it
 * was given. podman here is a stand-in script that records its arguments and lists the
 * mounted tree (the real FUSE mount), so the test needs FUSE but not a container build;
 * PipBuildEndToEndTest runs the real podman.
 */
@Tag("e2e")
class BuildConfigurationTest {
    @TempDir
    Path work;

    @Test
    void configPodmanArgsComeFirstQuietPassesThroughAndPodmansStatusIsReturned() throws Exception {
        Prerequisites.requireFuse();
        Path context = Files.createDirectories(work.resolve("context"));
        // mount-target may come from the context; podman arguments only from the user's own config.
        Files.writeString(context.resolve("lazybuild.toml"), "mount-target = \"/deps\"\n");
        Path userConfig = Files.createDirectories(work.resolve(".config/lazybuild")).resolve("config.toml");
        Files.writeString(userConfig, "podman-args = [\"--runtime\", \"runc\"]\n");
        Path recorded = work.resolve("podman-args");
        Path podman = work.resolve("podman");
        Files.writeString(podman, "#!/bin/sh\nprintf '%s\\n' \"$@\" > " + recorded + "\n"
                + "mnt=${3%%:*}; ls \"$mnt\" >> " + recorded + "\nexit 7\n");
        Files.setPosixFilePermissions(podman, PosixFilePermissions.fromString("rwxr-xr-x"));

        CliRunner r = CliRunner.runWith(Map.of("HOME", work.toString(), "LAZYBUILD_PODMAN", podman.toString(),
                "LAZYBUILD_CACHE_DIR", work.resolve("cache").toString(), "LAZYBUILD_RUNTIME_DIR", work.resolve("run").toString()),
                "build", "-q", "-t", "img", context.toString());

        assertThat(r.status()).as(r.toString()).isEqualTo(7);
        List<String> lines = Files.readAllLines(recorded);
        assertThat(lines.get(0)).isEqualTo("build");
        assertThat(lines.get(1)).isEqualTo("--volume");
        assertThat(lines.get(2)).startsWith(work.resolve("run").toString()).endsWith("/mnt:/deps:ro");
        // Hermetic by default without a PipelineRun; /deps/output writable through the per-build overlay.
        assertThat(lines.subList(3, 5)).containsExactly("--network=none", "--volume");
        assertThat(lines.get(5)).startsWith(work.resolve("run").toString()).endsWith(":/deps/output");
        assertThat(lines.subList(6, 12)).containsExactly("--runtime", "runc", "-q", "-t", "img", context.toString());
        assertThat(lines.subList(12, lines.size())).containsExactly("cachi2.env", "output");
    }
}
