package dev.lazybuild.vfs.lockfile;

import dev.lazybuild.vfs.tree.HermetoLayout;
import dev.lazybuild.vfs.tree.Tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lazybuild.testkit.RealLockfiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockfilesTest {
    private static final String HEX = "ab".repeat(32);

    @TempDir
    Path dir;

    @Test
    void kindComesFromTheCanonicalNameOrASuffix() {
        assertThat(Lockfiles.Kind.ofFileName("pylock.toml")).isEqualTo(Lockfiles.Kind.PYLOCK);
        assertThat(Lockfiles.Kind.ofFileName("pylock.cpu.toml")).isEqualTo(Lockfiles.Kind.PYLOCK);
        assertThat(Lockfiles.Kind.ofFileName("jupyter-minimal.pylock.cpu.toml")).isEqualTo(Lockfiles.Kind.PYLOCK);
        assertThat(Lockfiles.Kind.ofFileName("package-lock.json")).isEqualTo(Lockfiles.Kind.NPM);
        assertThat(Lockfiles.Kind.ofFileName("custom-packages.package-lock.json")).isEqualTo(Lockfiles.Kind.NPM);
        assertThat(Lockfiles.Kind.ofFileName("artifacts.lock.yaml")).isEqualTo(Lockfiles.Kind.GENERIC);
        assertThat(Lockfiles.Kind.ofFileName("odh.artifacts.lock.yaml")).isEqualTo(Lockfiles.Kind.GENERIC);
        assertThat(Lockfiles.Kind.ofFileName("package.json")).isNull();
        assertThat(Lockfiles.Kind.ofFileName("xpackage-lock.json")).isNull();
        assertThat(Lockfiles.Kind.ofFileName("artifacts.lock.yml")).isNull();
    }

    @Test
    void discoveryFindsEveryKnownLockfileAtTheContextRootOnly() throws IOException {
        for (String name : List.of("pylock.toml", "pylock.gpu.toml", "package-lock.json", "artifacts.lock.yaml",
                "package.json", "Dockerfile", "notes.txt")) {
            Files.writeString(dir.resolve(name), "");
        }
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/package-lock.json"), "");
        assertThat(Lockfiles.discover(dir)).extracting(p -> p.getFileName().toString())
                .containsExactly("artifacts.lock.yaml", "package-lock.json", "pylock.gpu.toml", "pylock.toml");
    }

    @Test
    void aFileWithAnUnknownNameIsRefusedWithTheNamesLazybuildKnows() throws IOException {
        Path f = Files.writeString(dir.resolve("deps.lock"), "");
        assertThatThrownBy(() -> Lockfiles.read(List.of(f), "x86_64")).isInstanceOf(LockfileException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("package-lock.json").hasMessageContaining("artifacts.lock.yaml");
    }

    @Test
    void samePathWithTheSameDigestFromTwoLockfilesIsOneFile() throws IOException {
        Path a = Files.writeString(dir.resolve("a.artifacts.lock.yaml"), artifacts("https://one.example/k", HEX));
        Path b = Files.writeString(dir.resolve("b.artifacts.lock.yaml"), artifacts("https://two.example/k", HEX));
        List<LockedFile> files = Lockfiles.read(List.of(a, b), "x86_64");
        assertThat(files).hasSize(2);
        Tree tree = sized(files);
        assertThat(tree.fileCount()).isEqualTo(1);
    }

    @Test
    void samePathWithDifferentDigestsFromTwoLockfilesNamesBoth() throws IOException {
        Path a = Files.writeString(dir.resolve("a.artifacts.lock.yaml"), artifacts("https://one.example/k", HEX));
        Path b = Files.writeString(dir.resolve("b.artifacts.lock.yaml"), artifacts("https://two.example/k", "cd".repeat(32)));
        List<LockedFile> files = Lockfiles.read(List.of(a, b), "x86_64");
        assertThatThrownBy(() -> sized(files)).isInstanceOf(LockfileException.class)
                .hasMessageContaining("a.artifacts.lock.yaml: artifacts[0]")
                .hasMessageContaining("b.artifacts.lock.yaml: artifacts[0]")
                .hasMessageContaining("deps/generic/k");
    }

    @Test
    void realLockfilesAreFoundInAContextByTheirCanonicalNames() throws IOException {
        Files.copy(RealLockfiles.notebooks("custom-packages.package-lock.json"), dir.resolve("package-lock.json"));
        Files.copy(RealLockfiles.notebooks("odh.artifacts.lock.yaml"), dir.resolve("artifacts.lock.yaml"));
        Files.copy(RealLockfiles.notebooks("jupyter-minimal.pylock.cpu.toml"), dir.resolve("pylock.cpu.toml"));
        assertThat(Lockfiles.read(Lockfiles.discover(dir), "x86_64"))
                .hasSize(RealLockfilesTest.PYLOCK_FILES + RealLockfilesTest.NPM_FILES + RealLockfilesTest.GENERIC_FILES);
    }

    @Test
    void eachReaderNamesTheEcosystemOfItsFilesWhichIsTheirDirectory() throws IOException {
        Files.copy(RealLockfiles.notebooks("custom-packages.package-lock.json"), dir.resolve("package-lock.json"));
        Files.copy(RealLockfiles.notebooks("odh.artifacts.lock.yaml"), dir.resolve("artifacts.lock.yaml"));
        Files.copy(RealLockfiles.notebooks("jupyter-minimal.pylock.cpu.toml"), dir.resolve("pylock.cpu.toml"));
        Files.copy(RealLockfiles.notebooks("odh.rpms.lock.yaml"), dir.resolve("rpms.lock.yaml"));
        List<LockedFile> files = Lockfiles.read(Lockfiles.discover(dir), "x86_64");

        assertThat(files).extracting(LockedFile::ecosystem).containsOnly(Ecosystem.values());
        assertThat(files).allSatisfy(f -> assertThat(f.path()).startsWith("deps/" + f.ecosystem().label() + "/"));
        Tree tree = HermetoLayout.builder(files.stream().map(f -> f.remote().sizeKnown() ? f : f.withSize(1)).toList(),
                "/cachi2").build();
        Map<String, Ecosystem> locked = new HashMap<>();
        files.forEach(f -> locked.put("output/" + f.path(), f.ecosystem()));
        tree.forEachFile((path, node) -> assertThat(node.ecosystem()).as(path).isEqualTo(locked.get(path)));
    }

    private static Tree sized(List<LockedFile> files) {
        Tree.Builder b = Tree.builder();
        files.forEach(f -> b.add(f.withSize(10)));
        return b.build();
    }

    private static String artifacts(String url, String hex) {
        return "metadata: {version: '1.0'}\nartifacts:\n  - {download_url: '" + url + "', checksum: 'sha256:" + hex + "'}\n";
    }
}
