package dev.lazybuild.vfs.inject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lazybuild.vfs.input.InputException;
import dev.lazybuild.vfs.input.InputLockfiles;
import dev.lazybuild.vfs.input.PrefetchInput;
import dev.lazybuild.vfs.input.SourceRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InjectedFilesTest {
    @TempDir
    Path repo;

    @Test
    void anNpmPackageGivesItsLockfileAndEveryPackageJsonByPathInTheContext() throws IOException {
        Path web = Files.createDirectories(repo.resolve("web"));
        Files.createDirectories(web.resolve("packages/a"));
        Files.writeString(web.resolve("package.json"), "{\"name\":\"web\",\"workspaces\":[\"packages/*\"]}");
        Files.writeString(web.resolve("packages/a/package.json"), "{\"name\":\"a\",\"dependencies\":{\"x\":\"github:u/x\"}}");
        String lock = "{\"lockfileVersion\": 3, \"packages\": {\"\": {\"workspaces\": [\"packages/*\"]},"
                + " \"node_modules/a\": {\"resolved\": \"packages/a\", \"link\": true}, \"packages/a\": {\"name\": \"a\"}}}";
        Files.writeString(web.resolve("package-lock.json"), lock);
        byte[] original = Files.readAllBytes(web.resolve("package.json"));
        var lockfiles = InputLockfiles.resolve(PrefetchInput.parse("{\"type\": \"npm\", \"path\": \"web\"}", "f"), repo, "f");

        Map<String, byte[]> files = InjectedFiles.of(SourceRoot.of(repo), repo, lockfiles, "/cachi2/output");
        assertThat(files.keySet()).containsExactly("web/package-lock.json", "web/packages/a/package.json", "web/package.json");
        assertThat(new String(files.get("web/packages/a/package.json"), StandardCharsets.UTF_8))
                .isEqualTo("{\n  \"name\": \"a\",\n  \"dependencies\": {\n    \"x\": \"\"\n  }\n}\n");
        assertThat(Files.readAllBytes(web.resolve("package.json"))).isEqualTo(original);

        // A context below the repository sees only its own files.
        assertThat(InjectedFiles.of(SourceRoot.of(repo), web.resolve("packages"), lockfiles, "/o").keySet())
                .containsExactly("a/package.json");

        Path upper = repo.resolve("upper");
        InjectedFiles.write(files, upper);
        assertThat(Files.readString(upper.resolve("web/package.json"))).startsWith("{\n  \"name\": \"web\",");
    }

    @Test
    void aWorkspaceWithoutPackageJsonOrLeadingOutIsRefused() throws IOException {
        Path web = Files.createDirectories(repo.resolve("web"));
        Files.writeString(web.resolve("package.json"), "{}");
        Files.writeString(web.resolve("package-lock.json"), "{\"lockfileVersion\": 3, \"packages\": {\"\": {\"workspaces\": [\"*\"]},"
                + " \"node_modules/a\": {\"resolved\": \"../../etc\", \"link\": true}}}");
        var lockfiles = InputLockfiles.resolve(PrefetchInput.parse("{\"type\": \"npm\", \"path\": \"web\"}", "f"), repo, "f");
        assertThatThrownBy(() -> InjectedFiles.of(SourceRoot.of(repo), repo, lockfiles, "/o"))
                .isInstanceOf(InputException.class).hasMessageContaining("outside the source directory");
    }

    @Test
    void aPipPackageGivesEachRequirementsFileWithUrlRequirementsAtItsRealPath() throws IOException {
        Path app = Files.createDirectories(repo.resolve("app"));
        Files.writeString(app.resolve("requirements.txt"), "foo @ https://h/foo-1.0-py3-none-any.whl --hash=sha256:aa\n");
        Files.writeString(app.resolve("plain.txt"), "bar==1.0 --hash=sha256:bb\n");
        Files.createDirectories(repo.resolve("shared"));
        Files.writeString(repo.resolve("shared/build.txt"), "baz @ https://h/baz.tar.gz --hash=sha256:cc\n");
        Files.createSymbolicLink(app.resolve("requirements-build.txt"), Path.of("../shared/build.txt"));
        var lockfiles = InputLockfiles.resolve(PrefetchInput.parse("{\"type\": \"pip\", \"path\": \"app\", "
                + "\"requirements_files\": [\"requirements.txt\", \"plain.txt\"]}", "f"), repo, "f");
        byte[] original = Files.readAllBytes(app.resolve("requirements.txt"));

        Map<String, byte[]> files = InjectedFiles.of(SourceRoot.of(repo), repo, lockfiles, "/cachi2/output");
        // Hermeto's default build requirements file is read too; it is a symlink, so its target is rewritten.
        assertThat(files.keySet()).containsExactly("app/requirements.txt", "shared/build.txt");
        assertThat(new String(files.get("app/requirements.txt"), StandardCharsets.UTF_8))
                .isEqualTo("foo @ file:///cachi2/output/deps/pip/foo-1.0-py3-none-any.whl --hash=sha256:aa\n");
        assertThat(new String(files.get("shared/build.txt"), StandardCharsets.UTF_8))
                .isEqualTo("baz @ file:///cachi2/output/deps/pip/baz-cc.tar.gz --hash=sha256:cc\n");
        assertThat(Files.readAllBytes(app.resolve("requirements.txt"))).isEqualTo(original);
        // A context that holds only app/ does not see shared/.
        assertThat(InjectedFiles.of(SourceRoot.of(repo), app, lockfiles, "/o").keySet()).containsExactly("requirements.txt");
    }

    @Test
    void aPipInputNamingFilesOutsideTheSourceRootIsRefused() throws IOException {
        Files.createDirectories(repo.resolve("app"));
        Files.createSymbolicLink(repo.resolve("app/linked.txt"), Path.of("/etc/passwd"));
        for (String named : new String[] {"../../etc/passwd", "/etc/passwd", "linked.txt"}) {
            // The input's parser refuses '..' and absolute paths; the symlink is refused where the file is read.
            assertThatThrownBy(() -> InjectedFiles.of(SourceRoot.of(repo), repo, InputLockfiles.resolve(PrefetchInput.parse(
                    "{\"type\": \"pip\", \"path\": \"app\", \"requirements_files\": [\"" + named + "\"]}", "f"), repo, "f"),
                    "/o")).as(named)
                    .isInstanceOf(dev.lazybuild.fetch.LazybuildException.class).hasMessageContaining(named);
        }
    }
}
