package dev.lazybuild.vfs.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.RemoteFile;
import dev.lazybuild.vfs.lockfile.Ecosystem;
import dev.lazybuild.vfs.lockfile.LockedFile;
import dev.lazybuild.vfs.tree.Tree;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The link layer on real files: what it links, and what it leaves to FUSE. */
class CachedLayerTest {
    @TempDir
    Path dir;

    private final Map<Digest, Path> store = new HashMap<>();

    @Test
    void onlyFilesWhoseVerifiedObjectIsStoredAreLinkedAndEachLinkIsTheObjectItself() throws IOException {
        RemoteFile cached = stored("cached.whl", "cached bytes");
        RemoteFile absent = remote("absent.whl", "not downloaded yet");
        Tree tree = Tree.builder().add(pip(cached)).add(pip(absent))
                .addGenerated("cachi2.env", "export A=1\n", "test").build();

        CachedLayer layer = CachedLayer.link(tree, dir.resolve("layer"), this::lookup);

        Path link = dir.resolve("layer/deps/pip/cached.whl");
        assertThat(layer.linked()).containsOnlyKeys("deps/pip/cached.whl");
        assertThat(Files.isSameFile(link, store.get(cached.digest()))).as("a hard link, not a copy").isTrue();
        assertThat(Files.exists(dir.resolve("layer/deps/pip/absent.whl"))).as("left to FUSE").isFalse();
        assertThat(Files.exists(dir.resolve("layer/cachi2.env"))).as("generated files come from FUSE").isFalse();
        assertThat(layer.linkedBytes()).isEqualTo(cached.size());
        assertThat(layer.unlinkable()).isEmpty();
    }

    @Test
    void aStoredObjectOfAnotherSizeThanTheTreeAnnouncedIsLeftToFuseWhichReportsIt() throws IOException {
        RemoteFile stored = stored("hinted.tgz", "twelve bytes");
        // An npm file whose size was a wrong hint when the tree was built: stat() already told 99.
        RemoteFile announced = new RemoteFile(stored.urls(), stored.digest(), 99, stored.name());
        Tree tree = Tree.builder().add(pip(announced)).build();

        CachedLayer layer = CachedLayer.link(tree, dir.resolve("layer"), this::lookup);

        assertThat(layer.linked()).isEmpty();
    }

    @Test
    void aFileItsCheckRefusesIsNotLinkedAndTheOthersAre() throws IOException {
        RemoteFile good = stored("good-1.0-1.noarch.rpm", "a package");
        RemoteFile forged = stored("forged-1.0-1.noarch.rpm", "another header");
        Tree tree = Tree.builder().add(pip(good)).add(pip(forged)).build();

        CachedLayer layer = CachedLayer.link(tree, dir.resolve("layer"), file -> {
            if (file.equals(forged)) {
                throw new IllegalStateException("its header is not the one the repodata was written from");
            }
            return lookup(file);
        });

        assertThat(layer.linked()).containsOnlyKeys("deps/pip/good-1.0-1.noarch.rpm");
    }

    @Test
    void objectsOnAnotherFileSystemAreLeftToFuseAndSaySo() throws IOException {
        Path shm = Path.of("/dev/shm");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(shm)
                && !Files.getFileStore(shm).equals(Files.getFileStore(dir)), "needs /dev/shm on another file system");
        Path elsewhere = Files.createTempDirectory(shm, "lazybuild-object");
        try {
            byte[] bytes = "far away".getBytes(StandardCharsets.UTF_8);
            RemoteFile far = remote("far.whl", "far away");
            store.put(far.digest(), Files.write(elsewhere.resolve("object"), bytes));
            Tree tree = Tree.builder().add(pip(far)).build();

            CachedLayer layer = CachedLayer.link(tree, dir.resolve("layer"), this::lookup);

            assertThat(layer.linked()).isEmpty();
            assertThat(layer.unlinkable()).hasValueSatisfying(why -> assertThat(why).contains("another file system"));
        } finally {
            Files.deleteIfExists(elsewhere.resolve("object"));
            Files.delete(elsewhere);
        }
    }

    @Test
    void directoriesAreOpenToAnyUserOfTheBuildAndLinksKeepTheObjectsReadOnlyMode() throws IOException {
        RemoteFile cached = stored("cached.whl", "cached bytes");
        Tree tree = Tree.builder().add(pip(cached)).build();

        CachedLayer.link(tree, dir.resolve("layer"), this::lookup);

        for (String d : new String[] {"layer", "layer/deps", "layer/deps/pip"}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(d)))).as(d).isEqualTo("rwxrwxrwx");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("layer/deps/pip/cached.whl"))))
                .isEqualTo("r--r--r--");
    }

    private Optional<Path> lookup(RemoteFile file) {
        return Optional.ofNullable(store.get(file.digest()));
    }

    /** A file whose verified object is in the (test's) store, 0444 as the store keeps it. */
    private RemoteFile stored(String name, String content) throws IOException {
        RemoteFile file = remote(name, content);
        Path object = Files.createDirectories(dir.resolve("objects")).resolve(file.digest().hex());
        Files.writeString(object, content);
        Files.setPosixFilePermissions(object, PosixFilePermissions.fromString("r--r--r--"));
        store.put(file.digest(), object);
        return file;
    }

    static RemoteFile remote(String name, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return new RemoteFile(URI.create("http://127.0.0.1:9/" + name), Digest.of(Digest.Algorithm.SHA256, bytes),
                bytes.length, name);
    }

    static LockedFile pip(RemoteFile file) {
        return new LockedFile("deps/pip/" + file.name(), file, Ecosystem.PIP, "pylock.toml: " + file.name());
    }
}
