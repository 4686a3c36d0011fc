package dev.lazybuild.vfs.overlay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lazybuild.testkit.Prerequisites;
import dev.lazybuild.vfs.fuse.Mount;
import dev.lazybuild.vfs.fuse.MountTable;
import dev.lazybuild.vfs.tree.Tree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real overlayfs mounts over a real lazybuild FUSE mount. */
@Tag("e2e")
class OverlayMountTest {
    @TempDir
    Path dir;

    @BeforeEach
    void needRootAndFuse() {
        Prerequisites.requireRoot();
        Prerequisites.requireFuse();
    }

    @Test
    void writesOverTheReadOnlyTreeLandInTheUpperDirectoryAndTheTreeNeverChanges() throws IOException {
        Path local = Files.writeString(dir.resolve("content"), "locked\n");
        Path fuse = Files.createDirectory(dir.resolve("fuse"));
        Path upper = Files.createDirectory(dir.resolve("upper"));
        Path work = Files.createDirectory(dir.resolve("work"));
        Path output = Files.createDirectory(dir.resolve("output"));
        Tree tree = Tree.builder().addLocal("deps/generic/key.asc", local, Files.size(local), "test").build();
        try (Mount mount = Mount.mount(tree, fuse, remote -> {
            throw new IllegalStateException("no remote files");
        }, (p, e) -> { }); OverlayMount overlay = OverlayMount.writable(fuse, upper, work, output)) {
            assertThat(Files.readString(output.resolve("deps/generic/key.asc"))).isEqualTo("locked\n");
            Files.writeString(output.resolve("deps/gocache"), "written by a RUN step\n");
            Files.writeString(output.resolve("deps/generic/key.asc"), "changed\n");
            assertThat(Files.readString(output.resolve("deps/generic/key.asc"))).isEqualTo("changed\n");
            assertThat(Files.readString(upper.resolve("deps/gocache"))).isEqualTo("written by a RUN step\n");
            assertThat(Files.readString(fuse.resolve("deps/generic/key.asc"))).isEqualTo("locked\n");
            assertThat(Files.exists(fuse.resolve("deps/gocache"))).isFalse();
            assertThat(MountTable.isMounted(output.toAbsolutePath())).isTrue();
        }
        assertThat(MountTable.isMounted(output.toAbsolutePath())).isFalse();
        assertThat(MountTable.isMounted(fuse.toAbsolutePath())).isFalse();
    }

    @Test
    void aReadOnlyOverlayShowsTheRewrittenFilesOverTheCheckoutAndWritesNothing() throws IOException {
        Path checkout = Files.createDirectories(dir.resolve("check,out:1/web"));
        Files.writeString(checkout.resolve("package-lock.json"), "original\n");
        Files.writeString(checkout.resolve("index.js"), "code\n");
        Path rewrites = Files.createDirectories(dir.resolve("rewrites/web"));
        Files.writeString(rewrites.resolve("package-lock.json"), "rewritten\n");
        Path context = Files.createDirectory(dir.resolve("context"));
        try (OverlayMount overlay = OverlayMount.readOnly(List.of(dir.resolve("rewrites"), dir.resolve("check,out:1")), context)) {
            assertThat(Files.readString(context.resolve("web/package-lock.json"))).isEqualTo("rewritten\n");
            assertThat(Files.readString(context.resolve("web/index.js"))).isEqualTo("code\n");
            assertThatThrownBy(() -> Files.writeString(context.resolve("web/index.js"), "x"))
                    .isInstanceOf(IOException.class).hasMessageContaining("Read-only file system");
        }
        assertThat(Files.readString(checkout.resolve("package-lock.json"))).isEqualTo("original\n");
        assertThat(MountTable.isMounted(context.toAbsolutePath())).isFalse();
    }
}
