package dev.lazybuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** prefetch's -q and --no-progress, as the README documents them (no network: a context with nothing locked). */
class PrefetchOutputTest {
    @TempDir
    Path work;

    @Test
    void quietPrintsNeitherTheSummaryNorProgress() throws Exception {
        CliRunner r = prefetch("-q");
        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEmpty();
    }

    @Test
    void noProgressKeepsTheSummary() throws Exception {
        CliRunner r = prefetch("--no-progress");
        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("prefetched 0 of 0 files into " + work.resolve("cache"));
        assertThat(r.err()).isEmpty();
    }

    @Test
    void quietIsAlsoTheLongOption() throws Exception {
        assertThat(prefetch("--quiet").out()).isEmpty();
    }

    private CliRunner prefetch(String option) throws Exception {
        Path context = Files.createDirectories(work.resolve("context"));
        return CliRunner.runWith(Map.of("HOME", work.toString()), "prefetch", option,
                "--cache-dir", work.resolve("cache").toString(), context.toString());
    }
}
