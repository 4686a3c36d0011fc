package dev.lazybuild.cli.konflux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lazybuild.cli.konflux.RunEnvInjection.Skip;
import dev.lazybuild.cli.konflux.RunEnvInjection.SkippedRun;
import dev.lazybuild.fetch.LazybuildException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class RunEnvInjectionTest {
    private static final String ENV = RunEnvInjection.sourcing("/cachi2/cachi2.env");

    /** konflux-build-cli's own table (see the "source" field of the resource): every case gives its output byte for byte. */
    @TestFactory
    List<DynamicTest> konfluxBuildClisTableGivesTheSameContainerfiles() throws IOException {
        JsonNode table;
        try (InputStream in = getClass().getResourceAsStream("/konflux/run-injector-cases.json")) {
            table = new ObjectMapper().readTree(in);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : table.get("cases")) {
            String toInject = c.get("toInject").isNull() ? "echo INJECTED && " : c.get("toInject").asText();
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () ->
                    assertThat(RunEnvInjection.inject(c.get("input").asText(), toInject, "Containerfile").containerfile())
                            .isEqualTo(c.get("output").asText())));
        }
        assertThat(tests).hasSize(39);
        return tests;
    }

    @Test
    void skippedRunsAreReportedWithTheirLineAndReason() {
        RunEnvInjection.Result r = RunEnvInjection.inject("""
                FROM alpine:latest

                RUN echo supported

                RUN <<EOF
                echo heredoc
                EOF

                RUN ["echo", "exec"]

                # no-op
                RUN
                RUN --network=host # also no-op

                RUN echo also supported
                """, "INJECTED ", "Containerfile");
        assertThat(r.skipped()).containsExactly(new SkippedRun(5, Skip.HEREDOC), new SkippedRun(9, Skip.EXEC_FORM),
                new SkippedRun(12, Skip.NO_OP), new SkippedRun(13, Skip.NO_OP));
        assertThat(r.containerfile()).contains("RUN INJECTED echo supported").contains("RUN INJECTED echo also supported");
    }

    @Test
    void notebooksHeredocWithAnInterpreterGetsTheEnvAndItsBodyStaysByteForByte() throws IOException {
        String original;
        try (InputStream in = getClass().getResourceAsStream("/konflux/notebooks-jupyter-minimal-Dockerfile.konflux.cpu")) {
            original = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        RunEnvInjection.Result r = RunEnvInjection.inject(original, ENV, "Dockerfile.konflux.cpu");
        assertThat(r.skipped()).isEmpty();
        String out = r.containerfile();
        assertThat(out).contains("RUN . /cachi2/cachi2.env && \\\n    rpm --import /cachi2/output/deps/generic/RPM-GPG-KEY-EPEL-9 || true\n");
        assertThat(out).contains("RUN . /cachi2/cachi2.env && \\\n    /bin/bash <<'EOF'\nset -Eeuxo pipefail\n");
        assertThat(out).contains("RUN --mount=type=bind,source=base-images/utils,target=/utils,ro \\\n"
                + "    . /cachi2/cachi2.env && \\\n    bash /utils/dnf-helper.sh install");
        String body = original.substring(original.indexOf("set -Eeuxo pipefail"), original.indexOf("\nEOF\n"));
        assertThat(out).contains(body);
        assertThat(out.split("\\. /cachi2/cachi2\\.env", -1)).hasSize(9); // its 8 RUN steps
        assertThat(out.replace(ENV, "")).isEqualTo(original);
    }

    @Test
    void aHeredocBodyThatLooksLikeInstructionsIsNeverTouchedEvenWithChompAndQuotes() {
        String in = "FROM a\nRUN cat <<-\"END\" > /x\n\tRUN echo inside\n\tEND\nRUN echo after\n";
        assertThat(RunEnvInjection.inject(in, "E ", "C").containerfile())
                .isEqualTo("FROM a\nRUN E cat <<-\"END\" > /x\n\tRUN echo inside\n\tEND\nRUN E echo after\n");
    }

    @Test
    void brokenContainerfilesAreOneClearErrorNamingTheFile() {
        assertThatThrownBy(() -> RunEnvInjection.inject("# escape=abc\nFROM a\nRUN x\n", ENV, "c/Dockerfile"))
                .isInstanceOf(LazybuildException.class).hasMessage("c/Dockerfile: invalid escape token 'abc' does not match ` or \\");
        assertThatThrownBy(() -> RunEnvInjection.inject("", ENV, "c/Dockerfile")).hasMessage("c/Dockerfile: file with no instructions");
        assertThatThrownBy(() -> RunEnvInjection.inject("FROM a\nRUN sh <<EOF\necho\n", ENV, "c/Dockerfile"))
                .hasMessage("c/Dockerfile: line 2: unterminated heredoc EOF");
    }

    @Test
    void theEnvFilePathIsShellQuotedAsKonfluxQuotesIt() {
        assertThat(RunEnvInjection.sourcing("/cachi2/cachi2.env")).isEqualTo(". /cachi2/cachi2.env && \\\n    ");
        assertThat(RunEnvInjection.sourcing("/my mount/cachi2.env")).isEqualTo(". '/my mount/cachi2.env' && \\\n    ");
    }
}
