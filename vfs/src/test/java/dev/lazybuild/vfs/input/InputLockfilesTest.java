package dev.lazybuild.vfs.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lazybuild.vfs.lockfile.Lockfiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputLockfilesTest {
    @TempDir
    Path root;

    @Test
    void eachTypeNamesTheLockfileHermetoReads() throws IOException {
        Path odh = Files.createDirectories(root.resolve("prefetch-input/odh"));
        Files.writeString(odh.resolve("rpms.lock.yaml"), "");
        Files.writeString(odh.resolve("artifacts.lock.yaml"), "");
        Path keys = Files.createDirectories(root.resolve("prefetch-input/keys"));
        Files.writeString(keys.resolve("keys.lock.yaml"), "");
        Path web = Files.createDirectories(root.resolve("web"));
        Files.writeString(web.resolve("package-lock.json"), "");
        Path published = Files.createDirectories(root.resolve("published"));
        Files.writeString(published.resolve("package-lock.json"), "");
        Files.writeString(published.resolve("npm-shrinkwrap.json"), "");
        Path py = Files.createDirectories(root.resolve("py"));
        Files.writeString(py.resolve("pylock.toml"), "");
        PrefetchInput input = PrefetchInput.parse("""
                [{"type": "rpm", "path": "prefetch-input/odh"}, {"type": "generic", "path": "prefetch-input/odh"},
                 {"type": "generic", "path": "prefetch-input/keys/", "lockfile": "keys.lock.yaml"},
                 {"type": "npm", "path": "web"}, {"type": "npm", "path": "published"}, {"type": "pip", "path": "py"}]""", "flag");
        List<InputLockfiles.InputLockfile> files = InputLockfiles.resolve(input, root, "flag");
        assertThat(files).extracting(f -> root.toRealPath().relativize(f.file()).toString()).containsExactly(
                "prefetch-input/odh/rpms.lock.yaml", "prefetch-input/odh/artifacts.lock.yaml",
                "prefetch-input/keys/keys.lock.yaml", "web/package-lock.json", "published/npm-shrinkwrap.json",
                "py/pylock.toml");
        assertThat(files).extracting(InputLockfiles.InputLockfile::kind).containsExactly(Lockfiles.Kind.RPM,
                Lockfiles.Kind.GENERIC, Lockfiles.Kind.GENERIC, Lockfiles.Kind.NPM, Lockfiles.Kind.NPM, Lockfiles.Kind.PYLOCK);
    }

    @Test
    void missingPathsAndLockfilesNameTheEntryAndTheFile() throws IOException {
        assertThatThrownBy(() -> resolve("{\"type\": \"rpm\", \"path\": \"nowhere\"}"))
                .isInstanceOf(InputException.class)
                .hasMessage("src: packages[0] (rpm, path nowhere): package path does not exist (or is not a directory): nowhere");
        Files.createDirectories(root.resolve("odh"));
        assertThatThrownBy(() -> resolve("{\"type\": \"rpm\", \"path\": \"odh\"}"))
                .hasMessage("src: packages[0] (rpm, path odh): odh/rpms.lock.yaml does not exist; Hermeto reads the rpm lockfile from there");
    }

    @Test
    void symlinksLeadingOutOfTheSourceAreRefused(@TempDir Path outside) throws IOException {
        Files.writeString(outside.resolve("rpms.lock.yaml"), "secret");
        Files.createSymbolicLink(root.resolve("out"), outside);
        assertThatThrownBy(() -> resolve("{\"type\": \"rpm\", \"path\": \"out\"}"))
                .isInstanceOf(InputException.class).hasMessageContaining("leads outside the source directory");
        Files.createDirectories(root.resolve("in"));
        Files.createSymbolicLink(root.resolve("in/rpms.lock.yaml"), outside.resolve("rpms.lock.yaml"));
        assertThatThrownBy(() -> resolve("{\"type\": \"rpm\", \"path\": \"in\"}"))
                .hasMessageContaining("in/rpms.lock.yaml leads outside the source directory");
    }

    @Test
    void typesNotReadYetAreOneClearError() throws IOException {
        Files.createDirectories(root.resolve("m"));
        assertThatThrownBy(() -> resolve("cargo")).isInstanceOf(InputException.class)
                .hasMessageContaining("type cargo is not supported yet");
        assertThatThrownBy(() -> resolve("{\"type\": \"gomod\", \"path\": \"m\"}"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("src: packages[0] (gomod, path m): m/go.sum does not exist");
    }

    @Test
    void gomodIsItsGoModAndPipWithRequirementsFilesIsResolvedThroughItsIndex() throws IOException {
        Files.createDirectories(root.resolve("m"));
        Files.writeString(root.resolve("m/go.mod"), "module example.com/m\n");
        Files.writeString(root.resolve("m/go.sum"), "");
        InputLockfiles.InputLockfile gomod = resolve("{\"type\": \"gomod\", \"path\": \"m\"}").get(0);
        assertThat(gomod.file()).isEqualTo(root.resolve("m/go.mod").toRealPath());
        assertThat(gomod.kind()).isNull();
        InputLockfiles.InputLockfile pip = resolve("{\"type\": \"pip\", \"path\": \"m\"}").get(0);
        assertThat(pip.kind()).isEqualTo(Lockfiles.Kind.REQUIREMENTS);
    }

    private List<InputLockfiles.InputLockfile> resolve(String json) {
        return InputLockfiles.resolve(PrefetchInput.parse(json, "src"), root, "src");
    }
}
