package dev.lazybuild.vfs.overlay;

import static dev.lazybuild.vfs.overlay.CachedLayerTest.remote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.RemoteFile;
import dev.lazybuild.testkit.Prerequisites;
import dev.lazybuild.vfs.fuse.Mount;
import dev.lazybuild.vfs.fuse.MountTable;
import dev.lazybuild.vfs.lockfile.Ecosystem;
import dev.lazybuild.vfs.lockfile.LockedFile;
import dev.lazybuild.vfs.tree.Tree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The link layer over a real FUSE mount in a real read-only overlay, and Konflux's writable output above it. */
@Tag("e2e")
class CachedLayerMountTest {
    @TempDir
    Path dir;

    @BeforeEach
    void needRootAndFuse() {
        Prerequisites.requireRoot();
        Prerequisites.requireFuse();
    }

    @Test
    void cachedFilesComeFromTheLinksUncachedOnesFromFuseAndEveryOpenOfALinkIsHeard() throws IOException {
        RemoteFile cached = remote("cached-1.0-py3-none-any.whl", "cached bytes");
        RemoteFile uncached = remote("uncached-1.0-py3-none-any.whl", "downloaded on open");
        Path object = object(cached, "cached bytes");
        Path downloaded = Files.writeString(dir.resolve("downloaded"), "downloaded on open");
        Tree tree = Tree.builder().add(output(cached)).add(output(uncached))
                .addGenerated("cachi2.env", "export A=1\n", "test").build();
        List<String> fuseOpens = new CopyOnWriteArrayList<>();
        List<String> linkOpens = new CopyOnWriteArrayList<>();
        Path fuse = Files.createDirectory(dir.resolve("fuse"));
        Path view = Files.createDirectory(dir.resolve("view"));
        Path upper = Files.createDirectory(dir.resolve("upper"));
        Path work = Files.createDirectory(dir.resolve("work"));
        Path output = Files.createDirectory(dir.resolve("output"));
        CachedLayer layer = CachedLayer.link(tree, dir.resolve("links"),
                f -> f.equals(cached) ? Optional.of(object) : Optional.empty());

        try (Mount mount = Mount.mount(tree, fuse, f -> {
                fuseOpens.add(f.name());
                return downloaded;
            }, (p, e) -> { });
             LinkedOpens opens = LinkedOpens.start(layer, f -> linkOpens.add(f.name()));
             OverlayMount overlay = layer.mountOver(fuse, view);
             OverlayMount writable = OverlayMount.writable(view.resolve("output"), upper, work, output)) {
            opens.watch(view, "");
            opens.watch(output, "output");

            assertThat(Files.readString(view.resolve("output/deps/pip/" + cached.name()))).isEqualTo("cached bytes");
            assertThat(Files.readString(view.resolve("output/deps/pip/" + uncached.name()))).isEqualTo("downloaded on open");
            assertThat(Files.readString(view.resolve("cachi2.env"))).isEqualTo("export A=1\n");
            opens.drain();
            assertThat(linkOpens).as("the open through the view").containsOnly(cached.name()).isNotEmpty();
            linkOpens.clear();
            assertThat(Files.readString(output.resolve("deps/pip/" + cached.name()))).isEqualTo("cached bytes");
            opens.drain();
            assertThat(linkOpens).as("the open through the writable output").containsOnly(cached.name()).isNotEmpty();
            assertThat(fuseOpens).as("FUSE serves only what is not cached").containsExactly(uncached.name());
            assertThatThrownBy(() -> Files.writeString(view.resolve("output/deps/pip/" + cached.name()), "x"))
                    .isInstanceOf(IOException.class).hasMessageContaining("Read-only file system");

            // A RUN step changes the cached file in the writable output: the copy-up takes it, the object stays.
            Files.writeString(output.resolve("deps/pip/" + cached.name()), "changed by a RUN step");
            Files.writeString(output.resolve("deps/pip/" + cached.name()), " and appended", java.nio.file.StandardOpenOption.APPEND);
            assertThat(Files.readString(output.resolve("deps/pip/" + cached.name()))).isEqualTo("changed by a RUN step and appended");
            assertThat(Files.readString(view.resolve("output/deps/pip/" + cached.name()))).isEqualTo("cached bytes");
        }
        assertThat(Files.readString(object)).isEqualTo("cached bytes");
        assertThat(Digest.of(Digest.Algorithm.SHA256, Files.readAllBytes(object))).isEqualTo(cached.digest());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(object))).isEqualTo("r--r--r--");
        for (Path p : List.of(fuse, view, output)) {
            assertThat(MountTable.isMounted(p.toAbsolutePath())).as(p.toString()).isFalse();
        }
    }

    private Path object(RemoteFile file, String content) throws IOException {
        Path object = Files.writeString(dir.resolve(file.digest().hex()), content);
        Files.setPosixFilePermissions(object, PosixFilePermissions.fromString("r--r--r--"));
        return object;
    }

    private static LockedFile output(RemoteFile file) {
        return new LockedFile("output/deps/pip/" + file.name(), file, Ecosystem.PIP, "pylock.toml: " + file.name());
    }
}
