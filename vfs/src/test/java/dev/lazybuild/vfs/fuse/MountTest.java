package dev.lazybuild.vfs.fuse;

import dev.lazybuild.vfs.tree.Tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lazybuild.fetch.PrerequisiteException;
import dev.lazybuild.testkit.Prerequisites;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real FUSE mounts: the mount runs its FUSE loop on a thread of its own. */
@Tag("e2e")
class MountTest {
    @TempDir
    Path dir;

    @BeforeEach
    void needFuse() {
        Prerequisites.requireRoot();
        Prerequisites.requireFuse();
    }

    @Test
    void mountServesTheTreeUntilClosed() throws IOException {
        Path local = Files.writeString(dir.resolve("content"), "hello from disk\n");
        Path mountPoint = Files.createDirectory(dir.resolve("mnt"));
        Tree tree = Tree.builder()
                .addLocal("deps/local.txt", local, Files.size(local), "test")
                .addGenerated("cachi2.env", "export A=1\n", "test")
                .build();

        try (Mount mount = Mount.mount(tree, mountPoint, remote -> {
            throw new IllegalStateException("no remote files here");
        }, (path, e) -> { })) {
            assertThat(MountTable.isMounted(mount.mountPoint())).isTrue();
            assertThat(Files.readString(mountPoint.resolve("deps/local.txt"))).isEqualTo("hello from disk\n");
            assertThat(Files.readAllBytes(mountPoint.resolve("cachi2.env")))
                    .isEqualTo("export A=1\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(MountTable.isMounted(mountPoint.toAbsolutePath())).isFalse();
    }

    @Test
    void aLazyDirectoryFillsOnTheFirstLookThroughTheMountAndAFailedOneIsEio() throws IOException {
        Path local = Files.writeString(dir.resolve("repomd.xml"), "<repomd/>");
        java.util.concurrent.atomic.AtomicInteger fills = new java.util.concurrent.atomic.AtomicInteger();
        Path mountPoint = Files.createDirectory(dir.resolve("mnt"));
        Tree tree = Tree.builder()
                .addGenerated("repos.d/hermeto.repo", "[ok]\n", "test")
                .addLazyDirectory("ok/repodata", "repodata of ok", () -> {
                    fills.incrementAndGet();
                    return java.util.Map.of("repomd.xml", local);
                })
                .addLazyDirectory("broken/repodata", "repodata of broken", () -> {
                    throw new IllegalStateException("no headers");
                })
                .build();

        try (Mount mount = Mount.mount(tree, mountPoint, remote -> {
            throw new IllegalStateException("no remote files here");
        }, (path, e) -> { })) {
            assertThat(Files.readString(mountPoint.resolve("repos.d/hermeto.repo"))).isEqualTo("[ok]\n");
            assertThat(fills).as("reading the repo file makes no repodata").hasValue(0);
            assertThat(Files.readString(mountPoint.resolve("ok/repodata/repomd.xml"))).isEqualTo("<repomd/>");
            try (var listing = Files.list(mountPoint.resolve("ok/repodata"))) {
                assertThat(listing.map(p -> p.getFileName().toString()).toList()).containsExactly("repomd.xml");
            }
            assertThat(fills).hasValue(1);
            assertThatThrownBy(() -> Files.readString(mountPoint.resolve("broken/repodata/repomd.xml")))
                    .isInstanceOf(IOException.class).hasMessageContaining("Input/output error");
        }
    }

    @Test
    void mountOntoAMissingDirectoryIsAPrerequisiteError() {
        Path missing = dir.resolve("no-such-dir");
        Tree tree = Tree.builder().addGenerated("a", "a", "test").build();

        assertThatThrownBy(() -> Mount.mount(tree, missing, remote -> null, (path, e) -> { }))
                .isInstanceOf(PrerequisiteException.class)
                .hasMessageContaining(missing.toString());
        assertThat(MountTable.isMounted(missing)).isFalse();
    }
}
