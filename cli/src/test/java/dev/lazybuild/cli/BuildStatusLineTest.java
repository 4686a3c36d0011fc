package dev.lazybuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.testkit.Prerequisites;
import dev.lazybuild.testkit.PylockWriter;
import dev.lazybuild.testkit.UpstreamServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live status line, for real: lazybuild on a pseudo-terminal (script(1)) while a stand-in
 * podman reads a file through the mount from a throttled server; and the same build with
 * output to files, where no status line may appear.
 */
@Tag("e2e") // mounts the tree (root, FUSE)
class BuildStatusLineTest {
    @TempDir
    Path work;

    @Test
    void aTerminalShowsTheDownloadWhileItRunsAndErasesItAfterwards() throws Exception {
        String output = buildReadingOneSlowFile(true);
        assertThat(output).contains("\r\033[Klazybuild: downloading demo-1.0-py3-none-any.whl ")
                .containsPattern("downloading demo-1\\.0-py3-none-any\\.whl [\\d.]+ (B|KiB)/195\\.3 KiB [\\d.]+ (B|KiB)/s")
                .contains("\r\033[Kread 200000 bytes")
                .contains("lazybuild: files: 1 opened, 1 downloaded (195.3 KiB), 0 from the cache");
        int lastStatus = output.lastIndexOf("lazybuild: downloading");
        assertThat(output.indexOf("\r\033[K", lastStatus)).as("erased after the last redraw").isPositive();
    }

    @Test
    void withoutATerminalThereIsNoStatusLine() throws Exception {
        String output = buildReadingOneSlowFile(false);
        assertThat(output).contains("read 200000 bytes").doesNotContain("downloading").doesNotContain("\033[");
    }

    private String buildReadingOneSlowFile(boolean onATerminal) throws Exception {
        Prerequisites.requireRoot();
        Prerequisites.requireFuse();
        Prerequisites.requireProgram("script");
        byte[] wheel = new byte[200_000];
        new Random(1).nextBytes(wheel);
        try (UpstreamServer upstream = UpstreamServer.start()) {
            URI url = upstream.put("/demo-1.0-py3-none-any.whl", wheel);
            upstream.throttle(100_000, 600); // at least 0.6 s, so the 250 ms redraw runs
            Path context = Files.createDirectories(work.resolve("context"));
            Files.writeString(context.resolve("Containerfile"), "FROM scratch\n");
            Files.writeString(context.resolve("pylock.toml"), new PylockWriter()
                    .wheel("demo", "1.0", url, wheel.length, UpstreamServer.sha256(wheel)).toToml());
            Path podman = work.resolve("podman");
            Files.writeString(podman, "#!/bin/sh\n"
                    + "while [ \"$1\" != --volume ]; do shift; done\n"
                    + "echo \"read $(cat \"${2%%:*}/output/deps/pip/demo-1.0-py3-none-any.whl\" | wc -c) bytes\"\n");
            Files.setPosixFilePermissions(podman, PosixFilePermissions.fromString("rwxr-xr-x"));
            Map<String, String> env = Map.of("LAZYBUILD_PODMAN", podman.toString(),
                    "LAZYBUILD_RUNTIME_DIR", work.resolve("run").toString());
            String[] args = {"build", "--cache-dir", work.resolve("cache").toString(), context.toString()};
            List<String> prefix = List.of();
            if (onATerminal) {
                // script gives lazybuild a pseudo-terminal as stdin, stdout and stderr, and copies it to our stdout.
                String cmd = LazybuildProcess.command(args).stream().map(a -> "'" + a + "'").collect(Collectors.joining(" "));
                prefix = List.of("script", "-q", "-e", "-c", cmd, "/dev/null");
                args = new String[0];
            }
            try (LazybuildProcess lazybuild = onATerminal
                    ? LazybuildProcess.startRaw(work.resolve("logs"), env, prefix)
                    : LazybuildProcess.start(work.resolve("logs"), env, args)) {
                assertThat(lazybuild.waitFor(60)).as(lazybuild.toString()).isZero();
                return lazybuild.out() + lazybuild.err();
            }
        }
    }
}
