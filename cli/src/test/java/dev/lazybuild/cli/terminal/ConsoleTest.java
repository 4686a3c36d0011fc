package dev.lazybuild.cli.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** What a lockfile or a server wrote reaches the terminal escaped, and without passwords (issue 16 cases 6 and 10). */
class ConsoleTest {

    @Test
    void escapesAndOverridesFromALockfileOrAServerArePrintedVisiblyNotObeyed() {
        StringWriter err = new StringWriter();
        Console console = new Console(new PrintWriter(err), false);

        console.error("/cachi2/output/deps/pip/x\u001b]0;pwned\u0007.whl: 503 \u001b[2J from https://u:s3cr3t@e.org/x");
        console.warning("invoice\u202Egpj.exe");
        console.notice("bell\u0007 and C1 \u009b31m");
        console.report("summary \u001b[31mred");

        assertThat(err.toString()).doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\u202E")
                .doesNotContain("\u009b").doesNotContain("s3cr3t")
                .contains("lazybuild: error: /cachi2/output/deps/pip/x\\x1b]0;pwned\\x07.whl: 503 \\x1b[2J from https://***@e.org/x")
                .contains("lazybuild: warning: invoice\\u202egpj.exe")
                .contains("lazybuild: bell\\x07 and C1 \\x9b31m")
                .contains("summary \\x1b[31mred");
    }
}
