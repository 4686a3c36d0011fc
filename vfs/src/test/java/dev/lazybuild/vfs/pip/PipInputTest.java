package dev.lazybuild.vfs.pip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lazybuild.vfs.LockfileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which requirements files a Hermeto pip input reads, inside the source directory only. */
class PipInputTest {
    @TempDir
    Path root;

    @Test
    void withoutNamedFilesHermetosDefaultsAreReadWhenTheyExist() throws IOException {
        Path pkg = Files.createDirectories(root.resolve("app"));
        assertThat(new PipInput(Path.of("app"), null, null, null).files(root)).isEmpty();
        Files.writeString(pkg.resolve("requirements.txt"), "");
        Files.writeString(pkg.resolve("requirements-build.txt"), "");
        assertThat(new PipInput(Path.of("app"), null, null, null).files(root))
                .containsExactly(pkg.resolve("requirements.txt"), pkg.resolve("requirements-build.txt"));
        assertThat(new PipInput(Path.of("app"), List.of(), List.of(), null).files(root)).as("an empty list is no default").isEmpty();
    }

    @Test
    void namedFilesAreRequirementsFirstThenBuildRequirements() throws IOException {
        Path pkg = Files.createDirectories(root.resolve("app"));
        Files.writeString(pkg.resolve("requirements.cpu.txt"), "");
        Files.writeString(pkg.resolve("build.txt"), "");
        assertThat(new PipInput(Path.of("app"), List.of(Path.of("requirements.cpu.txt")), List.of(Path.of("build.txt")), null).files(root))
                .containsExactly(pkg.resolve("requirements.cpu.txt"), pkg.resolve("build.txt"));
    }

    @Test
    void aMissingFileOrAPathLeavingTheSourceIsRefused() throws IOException {
        Files.createDirectories(root.resolve("app"));
        Path outside = Files.createTempFile("outside", ".txt");
        try {
            Files.createSymbolicLink(root.resolve("app/link.txt"), outside);
            assertThat(refusal(new PipInput(Path.of("app"), List.of(Path.of("missing.txt")), null, null)))
                    .isEqualTo(root.resolve("app/missing.txt") + ": no such requirements file (please check that you have specified "
                            + "correct requirements file paths)");
            assertThat(refusal(new PipInput(Path.of("app"), List.of(Path.of("../../etc/passwd")), null, null)))
                    .contains("requirements file '../../etc/passwd' leads outside the source directory");
            assertThat(refusal(new PipInput(Path.of("app"), List.of(Path.of("link.txt")), null, null)))
                    .contains("requirements file 'link.txt' leads outside the source directory");
            assertThat(refusal(new PipInput(Path.of("/etc"), null, null, null))).contains("path '/etc' must be relative");
        } finally {
            Files.delete(outside);
        }
    }

    private String refusal(PipInput input) {
        return catchThrowableOfType(() -> input.files(root), LockfileException.class).getMessage();
    }
}
