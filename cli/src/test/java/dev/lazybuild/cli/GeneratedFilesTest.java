package dev.lazybuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.testkit.Prerequisites;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * completions/ and man/ are committed (install.sh and packagers take them from the checkout)
 * and generated from the command model: these tests fail when a command or option changed
 * and the committed copies were not regenerated.
 */
class GeneratedFilesTest {
    static final Path REPO = Path.of("").toAbsolutePath().getParent();
    private static Map<String, String> generated;

    @BeforeAll
    static void generate() {
        generated = GeneratedFiles.render();
    }

    @Test
    void committedCompletionsAndManPagesMatchTheCommandModel() throws IOException {
        List<String> stale = new ArrayList<>();
        for (Map.Entry<String, String> f : generated.entrySet()) {
            Path committed = REPO.resolve(f.getKey());
            if (!Files.isRegularFile(committed) || !Files.readString(committed, StandardCharsets.UTF_8).equals(f.getValue())) {
                stale.add(f.getKey());
            }
        }
        for (String dir : List.of("completions", "man")) {
            try (Stream<Path> files = Files.list(REPO.resolve(dir))) {
                files.map(p -> REPO.relativize(p).toString()).filter(p -> !generated.containsKey(p))
                        .forEach(p -> stale.add(p + " (no longer generated: delete it)"));
            }
        }
        assertThat(stale).as("stale generated files; regenerate them with: " + GeneratedFiles.REGENERATE
                + " (from the repository root), then commit completions/ and man/").isEmpty();
    }

    @Test
    void everyCommandHasAManPageWithExitStatus() {
        for (List<String> words : HelpAndErrorsTest.everyCommand()) {
            if (words.equals(List.of("help"))) {
                continue;
            }
            String page = "man/" + String.join("-", Stream.concat(Stream.of("lazybuild"), words.stream()).toList()) + ".1";
            assertThat(generated).as(page).containsKey(page);
            assertThat(generated.get(page)).as(page).contains(".SH \"EXIT STATUS\"").contains(".SH \"SYNOPSIS\"");
        }
        assertThat(generated.get("man/lazybuild.1")).contains(".SH \"CONFIGURATION\"").contains("LAZYBUILD_CACHE_DIR");
    }

    @Test
    void manRendersEveryPageWithoutWarnings() throws Exception {
        Prerequisites.requireProgram("man");
        for (String page : generated.keySet().stream().filter(p -> p.startsWith("man/")).toList()) {
            Path file = Files.createTempFile("lazybuild-man", ".1");
            try {
                Files.writeString(file, generated.get(page));
                ProcessBuilder pb = new ProcessBuilder("man", "-l", "--warnings", file.toString());
                pb.environment().put("MANWIDTH", "80");
                pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
                Process p = pb.start();
                String warnings = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(warnings).as(page).isEmpty();
                assertThat(p.exitValue()).as(page).isZero();
            } finally {
                Files.deleteIfExists(file);
            }
        }
    }
}
