package dev.lazybuild.cli.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.RemoteFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import org.junit.jupiter.api.Test;

class ProgressTest {
    private final StringWriter err = new StringWriter();
    private final Console notATerminal = Console.forInvocation(
            new Invocation(new PrintWriter(new StringWriter()), new PrintWriter(err), false), false);

    @Test
    void theBuildsBarShowsFileBytesAndRate() {
        assertThat(Progress.text("torch-2.3.0-cp311-linux_x86_64.whl", 800L << 20, 200L << 20, 4_000_000_000L, 2))
                .isEqualTo("lazybuild: downloading torch-2.3.0-cp311-linux_x86_64.whl 200.0 MiB/800.0 MiB 50.0 MiB/s (+1 more)");
    }

    @Test
    void prefetchsBarCountsFilesBytesRateAndFailures() {
        assertThat(Progress.line(12, 40, 35 * 1024 * 1024 + 200 * 1024, 0, 3_000_000_000L))
                .isEqualTo("12/40 files  35.2 MiB  11.7 MiB/s");
        assertThat(Progress.line(40, 40, 1000, 2, 1_000_000_000L)).endsWith("  2 failed");
    }

    @Test
    void aBuildOffATerminalWritesNothing() {
        try (Progress p = Progress.whileBuilding(notATerminal)) {
            p.downloadStarted(file("x"));
            p.downloadProgress(file("x"), 5);
            p.downloadFinished(file("x"), 10, 1);
        }
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void prefetchOffATerminalWritesOnePlainLinePerFileAndCountsBytesOnce() {
        Progress p = Progress.ofFiles(notATerminal, 3, true);
        p.servedFromCache(file("a"));
        p.downloadStarted(file("b"));
        p.downloadProgress(file("b"), 4);
        p.downloadProgress(file("b"), 8);
        p.downloadFinished(file("b"), 10, 1_500_000_000L);
        p.downloadStarted(file("c"));
        p.downloadFailed(file("c"), new RuntimeException("404"));
        p.close();
        String n = System.lineSeparator();
        assertThat(err.toString()).isEqualTo("cached     a" + n + "downloaded b (10 B in 1.5 s)" + n + "failed     c" + n);
        assertThat(p.bytes()).isEqualTo(10);
        assertThat(p.cached()).isEqualTo(1);
        assertThat(p.text(System.nanoTime())).startsWith("3/3 files  10 B").endsWith("  1 failed");
    }

    @Test
    void prefetchWithoutProgressWritesNothing() {
        try (Progress p = Progress.ofFiles(notATerminal, 1, false)) {
            p.servedFromCache(file("a"));
        }
        assertThat(err.toString()).isEmpty();
    }

    private static RemoteFile file(String name) {
        String hex = Integer.toHexString(name.charAt(0)).repeat(32);
        return new RemoteFile(URI.create("http://127.0.0.1:9/" + name), Digest.sha256(hex), 10, name);
    }
}
