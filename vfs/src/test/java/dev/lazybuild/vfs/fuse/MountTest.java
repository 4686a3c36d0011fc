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
    void mountOntoAMissingDirectoryIsAPrerequisiteError() {
        Path missing = dir.resolve("no-such-dir");
        Tree tree = Tree.builder().addGenerated("a", "a", "test").build();

        assertThatThrownBy(() -> Mount.mount(tree, missing, remote -> null, (path, e) -> { }))
                .isInstanceOf(PrerequisiteException.class)
                .hasMessageContaining(missing.toString());
        assertThat(MountTable.isMounted(missing)).isFalse();
    }
}
