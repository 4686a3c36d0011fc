package dev.lazybuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lazybuild.cli.command.Age;
import dev.lazybuild.cli.command.ExitCode;
import dev.lazybuild.cli.terminal.ByteSize;
import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.RemoteFile;
import dev.lazybuild.fetch.http.HttpUpstream;
import dev.lazybuild.fetch.http.UpstreamSource;
import dev.lazybuild.fetch.store.ContentStore;
import dev.lazybuild.fetch.store.Leases;
import dev.lazybuild.fetch.store.RepodataKey;
import dev.lazybuild.fetch.store.StoreLayout;
import dev.lazybuild.testkit.UpstreamServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheCommandsTest {
    @TempDir
    Path work;

    private Path cache;
    private final List<Path> stored = new ArrayList<>();
    private final List<Digest> digests = new ArrayList<>();

    /** Three files of 1000, 2000 and 3000 bytes, last used 0, 10 and 20 days ago. */
    @BeforeEach
    void fill() throws Exception {
        cache = work.resolve("cache");
        try (UpstreamServer server = UpstreamServer.start(); HttpUpstream http = new HttpUpstream(2, Map.of())) {
            ContentStore store = ContentStore.builder(cache).then(new UpstreamSource(http)).build();
            for (int i = 0; i < 3; i++) {
                byte[] c = new byte[1000 * (i + 1)];
                new java.util.Random(i).nextBytes(c);
                Digest d = Digest.parsePrefixed("sha256:" + UpstreamServer.sha256(c));
                Path p = store.fetch(new RemoteFile(server.put("/" + i, c), d, c.length, "f" + i));
                Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(Duration.ofDays(10L * i))));
                stored.add(p);
                digests.add(d);
            }
        }
    }

    private CliRunner cache(String... args) {
        List<String> all = new ArrayList<>(List.of("cache"));
        all.addAll(List.of(args));
        all.add("--cache-dir");
        all.add(cache.toString());
        return CliRunner.run(all.toArray(String[]::new));
    }

    @Test
    void lsListsDigestSizeAndLastUseMostRecentFirst() throws Exception {
        CliRunner r = cache("ls");
        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.out().lines().toList()).hasSize(3)
                .first().asString().startsWith(digests.get(0).toString()).contains(" 1000 ");

        JsonNode json = new ObjectMapper().readTree(cache("ls", "--json").out());
        assertThat(json).hasSize(3);
        assertThat(json.get(2).get("digest").asText()).isEqualTo(digests.get(2).toString());
        assertThat(json.get(2).get("size").asLong()).isEqualTo(3000);
        assertThat(Instant.parse(json.get(2).get("lastUse").asText())).isBefore(Instant.now().minus(Duration.ofDays(19)));
    }

    @Test
    void statsCountsFilesAndBytesByAlgorithm() throws Exception {
        CliRunner r = cache("stats");
        assertThat(r.out()).contains("files: 3, 6000 bytes").contains("sha256: 3 files, 6000 bytes");
        JsonNode json = new ObjectMapper().readTree(cache("stats", "--json").out());
        assertThat(json.get("files").asLong()).isEqualTo(3);
        assertThat(json.get("bytes").asLong()).isEqualTo(6000);
        assertThat(json.at("/byAlgorithm/sha256/files").asLong()).isEqualTo(3);
    }

    @Test
    void verifyRemovesACorruptFileAndSaysWhichWithANonZeroExit() throws Exception {
        Path victim = stored.get(1);
        Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(victim, "bit rot");

        CliRunner r = cache("verify");

        assertThat(r.status()).isEqualTo(ExitCode.FETCH.code());
        assertThat(r.err().lines().toList()).singleElement().asString()
                .startsWith("lazybuild: error: corrupt cache entry " + victim)
                .contains("expected " + digests.get(1).hex());
        assertThat(r.out()).contains("verified 3 files").contains("1 corrupt, removed");
        assertThat(victim).doesNotExist();
        assertThat(cache("verify").status()).isZero();
    }

    @Test
    void gcByAgeAndBySizeRemovesTheLeastRecentlyUsedFirst() {
        CliRunner old = cache("gc", "--older-than", "15d");
        assertThat(old.status()).as(old.toString()).isZero();
        assertThat(old.out()).contains("removed 1 files");
        assertThat(stored.get(2)).doesNotExist();

        CliRunner size = cache("gc", "--max-size", "1500");
        assertThat(size.out()).contains("removed 1 files");
        assertThat(stored.get(1)).doesNotExist();
        assertThat(stored.get(0)).exists();
    }

    @Test
    @SuppressWarnings("try")
    void gcKeepsWhatARunningBuildLeased() {
        try (Leases.Lease lease = Leases.take(cache, List.of(digests.get(2)))) {
            CliRunner r = cache("gc", "--max-size", "0");
            assertThat(r.out()).contains("removed 2 files").contains("1 of them in use by running builds");
            assertThat(r.err()).contains("lazybuild: warning: the cache is still");
            assertThat(stored.get(2)).exists();
        }
    }

    @Test
    void repodataEntriesAreListedCountedAndCollectedByAge() throws Exception {
        RepodataKey key = new RepodataKey("a".repeat(64), "x86_64", "base");
        Path entry = StoreLayout.of(cache).repodata(key);
        Files.createDirectories(entry.resolve("repodata"));
        Files.write(entry.resolve("repodata/repomd.xml"), new byte[500]);
        Files.setLastModifiedTime(entry, FileTime.from(Instant.now().minus(Duration.ofDays(30))));

        assertThat(cache("ls").out()).contains("repodata/" + "a".repeat(64) + "/x86_64/base");
        assertThat(cache("stats").out()).contains("repodata: 1 entries, 500 bytes");
        JsonNode json = new ObjectMapper().readTree(cache("stats", "--json").out());
        assertThat(json.get("repodata").get("bytes").asLong()).isEqualTo(500);

        CliRunner gc = cache("gc", "--older-than", "25d");
        assertThat(gc.out()).contains("removed the repodata of 1 lockfile repoids");
        assertThat(entry).doesNotExist();
        assertThat(stored.get(2)).exists();
    }

    @Test
    void gcWithoutACriterionIsAUsageError() {
        CliRunner r = cache("gc");
        assertThat(r.status()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.err()).startsWith("lazybuild: error: say what to collect");
        CliRunner bad = cache("gc", "--max-size", "lots");
        assertThat(bad.status()).isEqualTo(ExitCode.USAGE.code());
        assertThat(bad.err()).contains("'lots' is not a size");
    }

    @Test
    void sizesAndDurationsReadAsUsersWriteThem() {
        assertThat(ByteSize.parse("10G").bytes()).isEqualTo(10L << 30);
        assertThat(ByteSize.parse("1.5k").bytes()).isEqualTo(1536);
        assertThat(ByteSize.parse("500MiB").bytes()).isEqualTo(500L << 20);
        assertThat(Age.parse("7d").duration()).isEqualTo(Duration.ofDays(7));
        assertThat(Age.parse("2w").duration()).isEqualTo(Duration.ofDays(14));
        assertThat(ByteSize.format(1536)).isEqualTo("1.5 KiB");
    }

    @Test
    void helpOfACacheSubcommandListsTheExitStatuses() {
        CliRunner r = CliRunner.run("cache", "gc", "--help");
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("--max-size=SIZE").contains("--older-than=DURATION").contains("Exit status:");
    }

    @Test
    void cacheWithoutASubcommandIsAUsageError() {
        CliRunner r = CliRunner.run("cache");
        assertThat(r.status()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.err()).startsWith("lazybuild: error: missing subcommand");
    }
}
