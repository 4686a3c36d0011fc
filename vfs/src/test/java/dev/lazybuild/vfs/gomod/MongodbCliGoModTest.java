package dev.lazybuild.vfs.gomod;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The real go.mod and go.sum of mongodb/mongodb-cli at tag mongocli/v2.0.7 (what 7 of the
 * notebooks components prefetch) give the tree in mongodb-cli-v2.0.7.expected: see README.md
 * beside them for where they come from and how the expected list was made.
 */
class MongodbCliGoModTest {
    @Test
    void listsTheExpectedDownloadCache() throws IOException, URISyntaxException {
        Path dir = Path.of(getClass().getResource("/gomod/mongodb-cli-v2.0.7/go.mod").toURI()).getParent();
        List<String> expected = Files.readAllLines(dir.resolve("../mongodb-cli-v2.0.7.expected")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();

        List<CacheFile> files = GoModule.files(dir, dir);

        assertThat(files.stream().map(CacheFile::path).toList()).containsExactlyElementsOf(expected);
        // Every module go.mod requires is downloaded whole (go 1.25.1: a pruned graph).
        GoModFile goMod = GoModFile.parse("go.mod", Files.readString(dir.resolve("go.mod")), true);
        assertThat(files.stream().filter(f -> f.kind() == CacheFile.Kind.INFO).map(CacheFile::module).toList())
                .containsExactlyInAnyOrderElementsOf(goMod.requires().stream().map(GoModFile.Requirement::module).toList());
    }
}
