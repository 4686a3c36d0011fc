package dev.lazybuild.fetch.store;

import static dev.lazybuild.fetch.store.StoreFiles.randomBytes;
import static dev.lazybuild.fetch.store.StoreFiles.remote;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.fetch.RemoteFile;
import dev.lazybuild.fetch.http.HttpUpstream;
import dev.lazybuild.fetch.http.UpstreamSource;
import dev.lazybuild.testkit.UpstreamServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GarbageCollectorTest {
    @TempDir
    Path work;

    private UpstreamServer server;
    private HttpUpstream http;
    private Path root;
    private final List<RemoteFile> files = new ArrayList<>();
    private final Instant now = Instant.parse("2026-06-01T12:00:00Z");

    /** Five 1000-byte files, file i last used i days ago. */
    @BeforeEach
    void fill() throws IOException {
        server = UpstreamServer.start();
        http = new HttpUpstream(4, Map.of());
        root = work.resolve("cache");
        ContentStore store = ContentStore.builder(root).then(new UpstreamSource(http)).build();
        for (int i = 0; i < 5; i++) {
            byte[] c = randomBytes(1000, i);
            RemoteFile f = remote(server.put("/" + i, c), c);
            files.add(f);
            Files.setLastModifiedTime(store.fetch(f), FileTime.from(now.minus(Duration.ofDays(i))));
        }
    }

    @AfterEach
    void stop() throws IOException {
        http.close();
        server.close();
    }

    private boolean stored(int i) {
        return Files.exists(root.resolve("objects").resolve(files.get(i).digest().storeKey()));
    }

    @Test
    void maxSizeRemovesTheLeastRecentlyUsedFirst() {
        GarbageCollector.Result r = GarbageCollector.collect(root, OptionalLong.of(2500), Optional.empty(), now);
        assertThat(r.removed()).extracting(CacheEntry::digest)
                .containsExactly(files.get(4).digest(), files.get(3).digest(), files.get(2).digest());
        assertThat(r.keptBytes()).isEqualTo(2000);
        assertThat(stored(0)).isTrue();
        assertThat(stored(1)).isTrue();
        assertThat(stored(2)).isFalse();
    }

    @Test
    void olderThanRemovesFilesUnusedForThatLong() {
        GarbageCollector.Result r = GarbageCollector.collect(root, OptionalLong.empty(),
                Optional.of(Duration.ofHours(36)), now);
        assertThat(r.removed()).hasSize(3);
        assertThat(stored(1)).isTrue();
        assertThat(stored(2)).isFalse();
    }

    @Test
    void leasedFilesAreNeverRemovedAndStaleLeasesAreDropped() throws IOException {
        Path staleLease = root.resolve("leases").resolve("999999-1-1.lease");
        Files.writeString(staleLease, files.get(3).digest().storeKey() + "\n"); // no lock: its process is gone
        try (Leases.Lease lease = Leases.take(root, List.of(files.get(4).digest()))) {
            GarbageCollector.Result r = GarbageCollector.collect(root, OptionalLong.of(0), Optional.empty(), now);
            assertThat(stored(4)).as("leased by a running build").isTrue();
            assertThat(stored(3)).as("leased by a dead process only").isFalse();
            assertThat(r.leased()).isEqualTo(1);
            assertThat(r.staleLeases()).isEqualTo(1);
            assertThat(staleLease).doesNotExist();
            assertThat(lease.file()).exists();
        }
        GarbageCollector.collect(root, OptionalLong.of(0), Optional.empty(), now);
        assertThat(stored(4)).as("released").isFalse();
    }

    @Test
    void verifyRemovesCorruptFilesAndKeepsGoodOnes() throws IOException {
        Path victim = root.resolve("objects").resolve(files.get(1).digest().storeKey());
        Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-r--r--"));
        Files.write(victim, new byte[] {1, 2, 3});
        Path stray = Files.writeString(root.resolve("objects/sha256/zz-not-a-digest"), "x");

        List<StoredObjects.Corrupt> corrupt = new StoredObjects(root).verify();

        assertThat(corrupt).extracting(StoredObjects.Corrupt::path).containsExactlyInAnyOrder(victim, stray);
        assertThat(corrupt).anySatisfy(c -> assertThat(c.problem())
                .contains("expected " + files.get(1).digest().hex()).contains("actual "));
        assertThat(victim).doesNotExist();
        assertThat(new StoredObjects(root).list()).hasSize(4);
        assertThat(new StoredObjects(root).verify()).isEmpty();
    }

    @Test
    void abandonedPartialDownloadsOlderThanADayAreRemoved() throws IOException {
        Path old = Files.write(root.resolve("tmp/sha256-" + "a".repeat(64) + ".part"), new byte[10]);
        Files.setLastModifiedTime(old, FileTime.from(now.minus(Duration.ofDays(2))));
        Path fresh = Files.write(root.resolve("tmp/sha256-" + "b".repeat(64) + ".part"), new byte[10]);
        Files.setLastModifiedTime(fresh, FileTime.from(now.minus(Duration.ofHours(1))));
        GarbageCollector.Result r = GarbageCollector.collect(root, OptionalLong.empty(), Optional.empty(), now);
        assertThat(r.partsRemoved()).isEqualTo(1);
        assertThat(old).doesNotExist();
        assertThat(fresh).exists();
        assertThat(r.removed()).isEmpty();
    }

    /** A complete repodata entry, as the rpm module's repodata cache leaves it, last used {@code daysAgo}. */
    private RepodataKey repodata(char lockfile, String repoid, int daysAgo) throws IOException {
        RepodataKey key = new RepodataKey(String.valueOf(lockfile).repeat(64), "x86_64", repoid);
        Path entry = StoreLayout.of(root).repodata(key);
        Files.createDirectories(entry.resolve("repodata"));
        Files.write(entry.resolve("repodata/repomd.xml"), new byte[100]);
        Files.setLastModifiedTime(entry, FileTime.from(now.minus(Duration.ofDays(daysAgo))));
        return key;
    }

    @Test
    void repodataOfLockfilesUnusedPastTheAgeIsRemovedUnlessARunningBuildLeasedIt() throws IOException {
        RepodataKey old = repodata('a', "base", 10);
        RepodataKey leasedOld = repodata('b', "base", 10);
        RepodataKey recent = repodata('c', "base", 0);
        assertThat(new StoredObjects(root).repodata()).extracting(RepodataEntry::key)
                .containsExactlyInAnyOrder(old, leasedOld, recent);

        try (Leases.Lease lease = Leases.take(root, List.of(), List.of(leasedOld))) {
            GarbageCollector.Result r = GarbageCollector.collect(root, OptionalLong.empty(),
                    Optional.of(Duration.ofDays(7)), now);
            assertThat(r.repodataRemoved()).extracting(RepodataEntry::key).containsExactly(old);
            assertThat(r.leased()).isEqualTo(1);
        }
        StoreLayout layout = StoreLayout.of(root);
        assertThat(layout.repodata(old)).doesNotExist();
        assertThat(layout.repodata(leasedOld).resolve("repodata/repomd.xml")).exists();
        assertThat(layout.repodata(recent).resolve("repodata/repomd.xml")).exists();
        assertThat(StoreFiles.filesUnder(root.resolve("tmp"))).as("the removed entry is not left in tmp/").isEmpty();
    }

    @Test
    void repodataCountsTowardTheSizeLikeAnyEntry() throws IOException {
        repodata('d', "base", 30);
        GarbageCollector.Result r = GarbageCollector.collect(root, OptionalLong.of(5000), Optional.empty(), now);
        assertThat(r.repodataRemoved()).hasSize(1);
        assertThat(r.removed()).isEmpty();
        assertThat(r.keptBytes()).isEqualTo(5000);
    }
}
