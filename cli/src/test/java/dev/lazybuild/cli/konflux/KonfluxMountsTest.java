package dev.lazybuild.cli.konflux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.testkit.Prerequisites;
import dev.lazybuild.vfs.fuse.Mount;
import dev.lazybuild.vfs.fuse.MountTable;
import dev.lazybuild.vfs.tree.Tree;
import dev.lazybuild.vfs.konflux.YumReposD;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real mounts: the FUSE tree, the output overlay and the context overlay, and that nothing is left. */
@Tag("e2e")
class KonfluxMountsTest {
    @TempDir
    Path dir;

    @BeforeEach
    void needRootAndFuse() {
        Prerequisites.requireRoot();
        Prerequisites.requireFuse();
    }

    @Test
    void outputReposAndContextAreSetUpAndGoneAfterwards() throws IOException {
        Path local = Files.writeString(dir.resolve("key"), "key\n");
        Path fuse = Files.createDirectory(dir.resolve("mnt"));
        Path context = Files.createDirectories(dir.resolve("checkout/web"));
        Files.writeString(context.resolve("package-lock.json"), "original\n");
        Path perBuild = Files.createDirectory(dir.resolve("build"));
        Tree tree = Tree.builder().addLocal("output/deps/generic/key", local, Files.size(local), "t").build();
        YumReposD repos = YumReposD.merge(List.of(), Map.of("hermeto.repo", "[r]\n".getBytes(StandardCharsets.UTF_8)));
        try (Mount mount = Mount.mount(tree, fuse, r -> null, (p, e) -> { })) {
            try (KonfluxMounts m = KonfluxMounts.open(perBuild, fuse, "/cachi2", Optional.of(repos),
                    Map.of("web/package-lock.json", "rewritten\n".getBytes(StandardCharsets.UTF_8)), dir.resolve("checkout"), true)) {
                assertThat(m.volumes()).containsExactly(
                        "--volume", perBuild.resolve("output") + ":/cachi2/output",
                        "--volume", perBuild.resolve("yum.repos.d") + ":/etc/yum.repos.d");
                // As konflux-build-cli's copy: +rw for everyone, +x on directories.
                for (String d : List.of("output", "output/deps", "output/deps/generic")) {
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(perBuild.resolve(d)))).as(d)
                            .isEqualTo("rwxrwxrwx");
                }
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(perBuild.resolve("output/deps/generic/key"))))
                        .isEqualTo("rw-rw-rw-");
                Files.writeString(perBuild.resolve("output/deps/new"), "written\n");
                assertThat(Files.readString(perBuild.resolve("output/deps/generic/key"))).isEqualTo("key\n");
                assertThat(Files.readString(perBuild.resolve("yum.repos.d/hermeto.repo"))).isEqualTo("[r]\n");
                assertThat(Files.readString(m.context().resolve("web/package-lock.json"))).isEqualTo("rewritten\n");
            }
            assertThat(Files.exists(fuse.resolve("output/deps/new"))).isFalse();
        }
        assertThat(Files.readString(context.resolve("package-lock.json"))).isEqualTo("original\n");
        assertThat(Files.exists(perBuild)).isFalse();
        assertThat(MountTable.mountPoints()).noneMatch(p -> p.startsWith(dir));
    }

    @Test
    void withoutRootTheOutputIsReadOnlyAndTheContextACopy() throws IOException {
        Path context = Files.createDirectories(dir.resolve("checkout/web"));
        Files.writeString(context.resolve("package-lock.json"), "original\n");
        Files.writeString(context.resolve("index.js"), "code\n");
        Path perBuild = Files.createDirectory(dir.resolve("build"));
        try (KonfluxMounts m = KonfluxMounts.open(perBuild, dir.resolve("mnt"), "/cachi2", Optional.empty(),
                Map.of("web/package-lock.json", "rewritten\n".getBytes(StandardCharsets.UTF_8)), dir.resolve("checkout"), false)) {
            assertThat(m.volumes()).isEmpty();
            assertThat(m.notices()).containsExactly("/cachi2/output is read-only: a writable output needs an overlay mount, "
                    + "which needs root");
            assertThat(Files.readString(m.context().resolve("web/package-lock.json"))).isEqualTo("rewritten\n");
            assertThat(Files.readString(m.context().resolve("web/index.js"))).isEqualTo("code\n");
        }
        assertThat(Files.readString(context.resolve("package-lock.json"))).isEqualTo("original\n");
    }
}
