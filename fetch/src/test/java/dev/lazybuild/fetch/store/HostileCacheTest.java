package dev.lazybuild.fetch.store;

import static dev.lazybuild.fetch.store.StoreFiles.assertHoldsOnlyVerifiedFiles;
import static dev.lazybuild.fetch.store.StoreFiles.randomBytes;
import static dev.lazybuild.fetch.store.StoreFiles.remote;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.fetch.RemoteFile;
import dev.lazybuild.testkit.UpstreamServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks of a cache someone else could write into before it was the user's own: links
 * planted where the store writes (partial downloads, locks, an object's directory, the
 * statistics) and an object that is a link to a file outside the cache. Nothing outside the
 * cache may be touched (content and mtime of every target checked) and nothing planted served.
 */
class HostileCacheTest {
    private static final FileTime LONG_AGO = FileTime.fromMillis(1_000_000_000_000L);

    @TempDir
    Path work;

    @RegisterExtension
    final LoopbackUpstream upstream = new LoopbackUpstream();

    private UpstreamServer server;
    private Path root;
    private Path outside;
    private byte[] content;
    private RemoteFile file;

    @BeforeEach
    void start() throws IOException {
        server = upstream.server();
        root = work.resolve("cache");
        outside = Files.createDirectories(work.resolve("outside"));
        content = randomBytes(70_000, 11);
        file = remote(server.put("/pkg/f.whl", content), content);
    }

    private ContentStore store() {
        return upstream.store(root);
    }

    /** A file outside the cache an attacker wants changed, with an old mtime to tell a touch. */
    private Path victim(String name) throws IOException {
        Path v = Files.writeString(outside.resolve(name), "precious " + name + "\n");
        Files.setLastModifiedTime(v, LONG_AGO);
        return v;
    }

    private static void assertUntouched(Path victim) throws IOException {
        assertThat(victim).hasContent("precious " + victim.getFileName());
        assertThat(Files.getLastModifiedTime(victim)).isEqualTo(LONG_AGO);
    }

    @Test
    void linksPlantedWhereTheStoreWritesAreNeverWrittenThrough() throws IOException {
        StoreLayout layout = StoreLayout.create(root);
        Path partVictim = victim("part-target");
        Path statsVictim = victim("stats-target");
        Files.createSymbolicLink(layout.part(file.digest()), partVictim);
        Files.createSymbolicLink(layout.lock(file.digest()), outside.resolve("made-by-lock"));
        Files.createSymbolicLink(layout.tierCountsLock(), outside.resolve("made-by-stats-lock"));
        Files.createSymbolicLink(layout.tierCounts(), statsVictim);
        Path shard = layout.object(file.digest()).getParent();
        Files.createDirectories(shard.getParent());
        Path outsideShard = Files.createDirectories(outside.resolve("shard"));
        Files.createSymbolicLink(shard, outsideShard);

        ContentStore store = store();
        assertThat(Files.readAllBytes(store.fetch(file))).isEqualTo(content);
        store.saveTierCounts();

        assertUntouched(partVictim);
        assertUntouched(statsVictim);
        assertThat(outsideShard).isEmptyDirectory();
        try (Stream<Path> s = Files.list(outside)) {
            assertThat(s.map(p -> p.getFileName().toString()))
                    .as("nothing created outside the cache").containsExactlyInAnyOrder("part-target", "stats-target", "shard");
        }
        assertThat(Files.isSymbolicLink(shard)).as("the planted directory link was replaced").isFalse();
        assertThat(TierCounts.load(root)).containsEntry("upstream.downloads", 1L);
        assertThat(server.gets("/pkg/f.whl")).as("the planted part was not resumed").isEqualTo(1);
        assertHoldsOnlyVerifiedFiles(root);
    }

    @Test
    void anObjectThatIsALinkIsNeverServedButDownloadedAndVerified() throws IOException {
        StoreLayout layout = StoreLayout.create(root);
        Path hostname = victim("hostname");
        Path object = layout.object(file.digest());
        Files.createDirectories(object.getParent());
        Files.createSymbolicLink(object, hostname);

        ContentStore store = store();
        assertThat(store.cached(file.digest())).as("a link is not content").isEmpty();
        Path served = store.fetch(file);

        assertThat(Files.readAllBytes(served)).isEqualTo(content);
        assertThat(Files.isSymbolicLink(object)).isFalse();
        assertThat(server.gets("/pkg/f.whl")).isEqualTo(1);
        assertUntouched(hostname);
        assertHoldsOnlyVerifiedFiles(root);
    }

    @Test
    void theCacheIsMadePrivateAndAnOlderOpenOneIsClosed() throws IOException {
        Files.createDirectories(root.resolve("objects"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));

        store().fetch(file);

        for (String dir : List.of("", "objects", "tmp", "locks", "sizes", "leases", "repodata",
                "objects/sha256", "objects/" + file.digest().storeKey().substring(0, 9))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve(dir),
                    LinkOption.NOFOLLOW_LINKS))).as(dir).isEqualTo("rwx------");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store().objectPath(file.digest()))))
                .isEqualTo("r--r--r--");
    }

    @Test
    void verifyReportsAndRemovesLinksAndWrongModesButNeverTheirTargets() throws IOException {
        ContentStore store = store();
        store.fetch(file);
        byte[] other = randomBytes(5000, 12);
        RemoteFile second = remote(server.put("/pkg/g.whl", other), other);
        Path writable = store.fetch(second);
        Files.setPosixFilePermissions(writable, PosixFilePermissions.fromString("rw-rw-rw-"));
        Path hostname = victim("hostname");
        Path planted = root.resolve("objects/sha256/aa/" + "a".repeat(64));
        Files.createDirectories(planted.getParent());
        Files.createSymbolicLink(planted, hostname);
        Path plantedLock = Files.createSymbolicLink(root.resolve("locks/x.lock"), outside.resolve("nothing"));

        List<StoredObjects.Corrupt> removed = new StoredObjects(root).verify();

        assertThat(removed).extracting(StoredObjects.Corrupt::path).containsExactlyInAnyOrder(writable, planted, plantedLock);
        assertThat(removed).filteredOn(c -> c.path().equals(planted)).singleElement()
                .extracting(StoredObjects.Corrupt::problem).asString().contains("symbolic link");
        assertThat(removed).filteredOn(c -> c.path().equals(writable)).singleElement()
                .extracting(StoredObjects.Corrupt::problem).asString().contains("writable by others");
        assertThat(Files.exists(planted, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertUntouched(hostname);
        assertThat(store.cached(file.digest())).as("good objects are kept").isPresent();
        assertThat(new StoredObjects(root).verify()).isEmpty();
    }
}
