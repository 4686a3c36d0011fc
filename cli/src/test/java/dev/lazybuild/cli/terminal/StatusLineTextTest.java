package dev.lazybuild.cli.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.RemoteFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class StatusLineTextTest {
    @Test
    void statusLineShowsFileBytesAndRateAndNothingOffATerminal() {
        assertThat(BuildStatusLine.text("torch-2.3.0-cp311-linux_x86_64.whl", 800L << 20, 200L << 20, 4_000_000_000L, 2))
                .isEqualTo("lazybuild: downloading torch-2.3.0-cp311-linux_x86_64.whl 200.0 MiB/800.0 MiB 50.0 MiB/s (+1 more)");
        StringWriter err = new StringWriter();
        Invocation notATerminal = new Invocation(new PrintWriter(new StringWriter()), new PrintWriter(err), false);
        try (BuildStatusLine line = BuildStatusLine.forTerminal(notATerminal)) {
            assertThat(line.drawing()).isFalse();
            line.downloadStarted(new RemoteFile(java.net.URI.create("http://127.0.0.1:9/x"), Digest.sha256("ab".repeat(32)), 10, "x"));
        }
        assertThat(err.toString()).isEmpty();
    }
}
