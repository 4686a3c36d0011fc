package dev.lazybuild.vfs.konflux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lazybuild.vfs.input.InputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YumReposDTest {
    @TempDir
    Path repo;

    @Test
    void theCheckoutsRepoFilesComeFirstAndThePrefetchedOnesWin(@TempDir Path outside) throws IOException {
        Path reposD = Files.createDirectories(repo.resolve("repos.d"));
        Files.writeString(reposD.resolve("ubi.repo"), "[ubi]\n");
        Files.writeString(reposD.resolve("hermeto.repo"), "[stale]\n");
        Files.createDirectory(reposD.resolve("subdir"));
        Files.writeString(outside.resolve("secret"), "x");
        Files.createSymbolicLink(reposD.resolve("link.repo"), outside.resolve("secret"));
        YumReposD merged = YumReposD.merge(List.of(repo.resolve("fetched.repos.d"), reposD),
                Map.of("hermeto.repo", "[hermeto-abc]\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(merged.files().keySet()).containsExactly("hermeto.repo", "ubi.repo");
        assertThat(new String(merged.files().get("hermeto.repo"), StandardCharsets.UTF_8)).isEqualTo("[hermeto-abc]\n");
        assertThat(merged.warnings()).containsExactly(
                "yum.repos.d: skipping " + reposD.resolve("link.repo") + ", not a regular file",
                "yum.repos.d: skipping " + reposD.resolve("subdir") + ", not a regular file",
                "yum.repos.d: hermeto.repo from the prefetched repos.d overwrites the one from " + reposD);
    }

    @Test
    void aHugeReposDIsRefused() throws IOException {
        Path reposD = Files.createDirectories(repo.resolve("repos.d"));
        Files.write(reposD.resolve("big.repo"), new byte[(int) YumReposD.MAX_BYTES + 1]);
        assertThatThrownBy(() -> YumReposD.merge(List.of(reposD), Map.of())).isInstanceOf(InputException.class)
                .hasMessageContaining("larger than");
    }
}
