package dev.lazybuild.fetch.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gc ages resolution entries (pip inputs resolved through their index) by last use, as it ages repodata;
 * being metadata, not content, they do not count toward {@code --max-size}.
 */
class ResolutionAgingTest {
    @TempDir
    Path root;

    @Test
    void unusedResolutionsAreRemovedAndRecentOnesAndOnesBeingWrittenKept() throws IOException {
        StoreLayout layout = StoreLayout.create(root);
        Instant now = Instant.parse("2026-11-29T20:00:00Z");
        Path old = Files.writeString(layout.resolutions().resolve("pip-old.json"), "{}");
        Path recent = Files.writeString(layout.resolutions().resolve("pip-recent.json"), "{}");
        Path writing = Files.writeString(layout.resolutions().resolve(".pip-123.tmp"), "{");
        Files.setLastModifiedTime(old, FileTime.from(now.minus(Duration.ofDays(40))));
        Files.setLastModifiedTime(recent, FileTime.from(now.minus(Duration.ofDays(2))));
        Files.setLastModifiedTime(writing, FileTime.from(now.minus(Duration.ofDays(40))));

        GarbageCollector.Result result = GarbageCollector.collect(root, OptionalLong.empty(), Optional.of(Duration.ofDays(30)), now);

        assertThat(result.resolutionsRemoved()).isEqualTo(1);
        assertThat(old).doesNotExist();
        assertThat(recent).exists();
        assertThat(writing).exists();
        assertThat(result.kept()).isEqualTo(1);
    }

    @Test
    void resolutionsNeitherWeighNorGoForMaxSize() throws IOException {
        StoreLayout layout = StoreLayout.create(root);
        Path resolution = Files.writeString(layout.resolutions().resolve("pip-any.json"), "{\"format\": 1}");

        GarbageCollector.Result result = GarbageCollector.collect(root, OptionalLong.of(0), Optional.empty(), Instant.now());

        assertThat(result.resolutionsRemoved()).isZero();
        assertThat(result.keptBytes()).isZero();
        assertThat(resolution).exists();
    }
}
