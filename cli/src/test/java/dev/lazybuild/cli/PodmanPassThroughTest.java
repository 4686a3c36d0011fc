package dev.lazybuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.cli.command.ExitCode;
import dev.lazybuild.cli.podman.PodmanArguments;
import dev.lazybuild.testkit.Prerequisites;
import dev.lazybuild.testkit.PylockWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What lazybuild hands to podman, seen by a stand-in podman (LAZYBUILD_PODMAN) that records
 * its arguments, the Containerfile it was given and the mounted cachi2.env. The real podman
 * taking these arguments is PipBuildEndToEndTest's and LayerCacheEndToEndTest's part.
 */
class PodmanPassThroughTest {
    @TempDir
    Path work;

    @Test
    @Tag("e2e") // mounts the tree (root, FUSE); the stand-in podman runs nothing
    void everyPodmanOptionReachesPodmanInOrderBesideTheMountAndTheTreeKey() throws Exception {
        Prerequisites.requireRoot();
        Prerequisites.requireFuse();
        Path context = Files.createDirectories(work.resolve("context"));
        Files.writeString(context.resolve("pylock.toml"), new PylockWriter()
                .wheel("demo", "1.0", URI.create("http://127.0.0.1:9/demo-1.0-py3-none-any.whl"), 10, "ab".repeat(32))
                .toToml());
        Path dockerfile = Files.writeString(context.resolve("build.Dockerfile"),
                "FROM scratch AS one\nRUN true\nFROM scratch\nRUN true\n");
        Path record = work.resolve("record");
        Path podman = recordingPodman(record);

        int status;
        try (LazybuildProcess lazybuild = LazybuildProcess.start(work.resolve("logs"),
                Map.of("LAZYBUILD_PODMAN", podman.toString(), "LAZYBUILD_RUNTIME_DIR", work.resolve("run").toString()),
                "build", "--cache-dir", work.resolve("cache").toString(),
                "-f", dockerfile.toString(), "-t", "localhost/x:1", "--build-arg", "A=1", "--build-arg=B=2",
                "--no-cache", "--layers=false", "--runtime", "runc", "--platform", "linux/amd64", "--network=none",
                context.toString())) {
            status = lazybuild.waitFor(60);
            assertThat(status).as(lazybuild.toString()).isEqualTo(42);
            assertThat(lazybuild.err()).contains("lazybuild: files: 0 opened, 0 downloaded (0 B), 0 from the cache; the build waited 0.00 s for downloads");
        }

        List<String> args = Files.readAllLines(record);
        assertThat(args.get(0)).isEqualTo("build");
        assertThat(args.get(1)).isEqualTo("--volume");
        assertThat(args.get(2)).startsWith(work.resolve("run").toString()).endsWith("/mnt:/cachi2:ro");
        assertThat(args.get(3)).isEqualTo("--build-arg");
        assertThat(args.get(4)).matches("LAZYBUILD_TREE=[0-9a-f]{64}");
        // The writable /cachi2/output: an overlay over the tree's output/, per build.
        assertThat(args.get(5)).isEqualTo("--volume");
        assertThat(args.get(6)).endsWith("/konflux/output:/cachi2/output");
        assertThat(args.get(7)).isEqualTo("-f");
        assertThat(args.subList(9, args.size())).containsExactly("-t", "localhost/x:1", "--build-arg", "A=1",
                "--build-arg=B=2", "--no-cache", "--layers=false", "--runtime", "runc", "--platform", "linux/amd64",
                "--network=none", context.toString());
        assertThat(Files.readString(record.resolveSibling("record.containerfile"))).isEqualTo(
                "FROM scratch AS one\nARG LAZYBUILD_TREE\nRUN . /cachi2/cachi2.env && \\\n    true\nFROM scratch\n"
                        + "ARG LAZYBUILD_TREE\nRUN . /cachi2/cachi2.env && \\\n    true\n");
        assertThat(Files.readString(record.resolveSibling("record.env")))
                .isEqualTo("export PIP_FIND_LINKS=/cachi2/output/deps/pip\nexport PIP_NO_INDEX=true\n");
        assertThat(Files.list(work.resolve("run")).toList()).as("the runtime directory is cleaned").isEmpty();
    }

    @Test
    void withoutAContextTheContainerfilesDirectoryIsTheContextAsForPodman() {
        PodmanArguments a = PodmanArguments.parse(List.of("-f", "/src/app/Containerfile", "-t", "x"));
        assertThat(a.context()).isEqualTo(Path.of("/src/app"));
        assertThat(a.withContainerfile(Path.of("/run/k/Containerfile"), List.of("--volume", "v")))
                .containsExactly("--volume", "v", "-f", "/run/k/Containerfile", "-t", "x", "/src/app");
    }

    @Test
    void buildForTwoPlatformsIsRefusedWithOneLineThatSaysWhatToDo() {
        CliRunner r = CliRunner.run("build", "--cache-dir", work.resolve("cache").toString(),
                "--platform", "linux/amd64,linux/arm64", work.toString());
        assertThat(r.status()).as(r.toString()).isEqualTo(ExitCode.CONFIG.code());
        assertThat(r.err()).isEqualTo("lazybuild: error: --platform linux/amd64,linux/arm64 names several platforms;"
                + " lazybuild builds one platform at a time: run one build per platform" + System.lineSeparator());
    }

    /** A podman that records its arguments, the -f file and the mounted cachi2.env, then exits 42. */
    private Path recordingPodman(Path record) throws Exception {
        Path script = work.resolve("podman");
        Files.writeString(script, "#!/bin/sh\n"
                + "printf '%s\\n' \"$@\" > '" + record + "'\n"
                + "while [ $# -gt 0 ]; do\n"
                + "  case \"$1\" in\n"
                + "    -f) cp \"$2\" '" + record + ".containerfile'; shift ;;\n"
                + "    --volume) cp \"${2%%:*}/cachi2.env\" '" + record + ".env'; shift ;;\n"
                + "  esac\n"
                + "  shift\n"
                + "done\n"
                + "exit 42\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }
}
