package dev.lazybuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.testkit.Prerequisites;
import dev.lazybuild.testkit.UpstreamServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status bar, for real: lazybuild on a pseudo-terminal of 24 rows (script(1)) while a
 * stand-in podman reads a file through the mount from a throttled server and prints meanwhile;
 * and the same build with output to files, where no bar and no escape sequence may appear.
 */
@Tag("e2e") // mounts the tree (root, FUSE)
class BuildStatusLineTest {
    @TempDir
    Path work;

    @Test
    void aTerminalShowsTheDownloadInABottomBarWithPodmansLinesScrollingAboveIt() throws Exception {
        String output = buildReadingOneSlowFile(true);
        int region = output.indexOf("\033[1;23r");
        assertThat(region).as("rows 1-23 scroll, row 24 is the bar: " + output).isNotNegative();
        // The bar: saved cursor, last row, the text (in reverse video: TERM=xterm has colours), cursor back.
        assertThat(output).containsPattern("\0337\033\\[24;1H(\033\\[[0-9;]*m)*lazybuild: downloading demo-1\\.0-py3-none-any\\.whl "
                + "[\\d.]+ (B|KiB)/195\\.3 KiB [\\d.]+ (B|KiB)/s");
        // podman's lines come through lazybuild, inside the scroll region: never written at the bar's row.
        int during = output.indexOf("printed meanwhile");
        assertThat(during).as(output).isGreaterThan(region);
        assertThat(output.substring(output.lastIndexOf("\033[", during), during)).doesNotContain("24;1H");
        assertThat(output).contains("read 200000 bytes")
                .contains("lazybuild: files: 1 opened, 1 downloaded (195.3 KiB), 0 from the cache");
        int summary = output.indexOf("lazybuild: files:");
        assertThat(output.lastIndexOf("\033[1;24r", summary)).as("the whole screen scrolls again before the summary")
                .isGreaterThan(region);
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
            upstream.throttle(100_000, 600); // 2 s at least, so the 250 ms redraw runs while podman prints
            Path context = work.resolve("context");
            OneWheelBuild.context(context, upstream, wheel);
            Path podman = OneWheelBuild.podman(work.resolve("podman"), "(sleep 1; echo printed meanwhile >&2) &\n"
                    + "echo \"read $(cat \"$WHEEL\" | wc -c) bytes\"\nwait\n");
            Map<String, String> env = Map.of("LAZYBUILD_PODMAN", podman.toString(),
                    "LAZYBUILD_RUNTIME_DIR", work.resolve("run").toString(), "TERM", "xterm");
            String[] args = {"build", "--cache-dir", work.resolve("cache").toString(), context.toString()};
            List<String> prefix = List.of();
            if (onATerminal) {
                // script gives lazybuild a pseudo-terminal as stdin, stdout and stderr, and copies it to our stdout.
                String cmd = LazybuildProcess.command(args).stream().map(a -> "'" + a + "'").collect(Collectors.joining(" "));
                // The pseudo-terminal has no size until it is given one (a real terminal always has one).
                prefix = List.of("script", "-q", "-e", "-c", "stty rows 24 cols 120; exec " + cmd, "/dev/null");
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
