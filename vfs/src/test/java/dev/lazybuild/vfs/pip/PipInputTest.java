package dev.lazybuild.vfs.pip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lazybuild.vfs.lockfile.LockfileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    @Test
    void aHermetoInputIsReadWithItsDefaultsAndItsLegacyAllowBinary() {
        PipInput notebooks = PipInput.fromHermetoInput(Map.of("type", "pip", "path", "runtimes/minimal/ubi9-python-3.12",
                "requirements_files", List.of("requirements.cpu.txt"), "binary", Map.of("arch", "x86_64, aarch64")));
        assertThat(notebooks).isEqualTo(new PipInput(Path.of("runtimes/minimal/ubi9-python-3.12"), List.of(Path.of("requirements.cpu.txt")),
                null, BinaryFilter.fromHermetoInput(Map.of("arch", "aarch64,x86_64"))));
        assertThat(PipInput.fromHermetoInput(Map.of("type", "pip"))).isEqualTo(new PipInput(Path.of("."), null, null, null));
        assertThat(PipInput.fromHermetoInput(Map.of("type", "pip", "allow_binary", true)).binary()).isEqualTo(BinaryFilter.allowBinary());
        assertThat(PipInput.fromHermetoInput(Map.of("type", "pip", "allow_binary", true, "binary", Map.of())).binary())
                .as("binary wins over allow_binary").isEqualTo(BinaryFilter.defaults());
    }

    @Test
    void aHermetoInputHermetoRefusesIsRefusedNamingTheField() {
        Map<String, Object> nullFiles = new HashMap<>(Map.of("type", "pip"));
        nullFiles.put("requirements_files", null);
        assertThatThrownBy(() -> PipInput.fromHermetoInput(nullFiles)).hasMessage("requirements_files: none is not an allowed value");
        assertThatThrownBy(() -> PipInput.fromHermetoInput(Map.of("type", "pip", "requirement_files", List.of())))
                .hasMessageStartingWith("requirement_files: extra inputs are not permitted");
        assertThatThrownBy(() -> PipInput.fromHermetoInput(Map.of("type", "pip", "binary", Map.of("arch", ""))))
                .hasMessageContaining("binary -> arch: Binary filter cannot contain only empty values");
        assertThatThrownBy(() -> PipInput.fromHermetoInput(Map.of("type", "pip", "requirements_files", "requirements.txt")))
                .hasMessage("requirements_files: must be a list of paths");
    }

    private String refusal(PipInput input) {
        return catchThrowableOfType(() -> input.files(root), LockfileException.class).getMessage();
    }
}
