package dev.lazybuild.fetch.team;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.RemoteFile;
import dev.lazybuild.fetch.http.HttpUpstream;
import dev.lazybuild.fetch.http.MirrorRules;
import dev.lazybuild.fetch.http.UpstreamSource;
import dev.lazybuild.fetch.store.ContentStore;
import dev.lazybuild.fetch.store.TierCounts;
import dev.lazybuild.testkit.S3Server;
import dev.lazybuild.testkit.UpstreamServer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two "machines" (two store directories) sharing a team tier in a real S3 API server
 * (s3proxy) on 127.0.0.1, in front of a real HTTP upstream.
 */
class TeamTierStoreTest {
    @TempDir
    Path work;

    private S3Server s3;
    private UpstreamServer upstream;
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final List<RemoteFile> files = new ArrayList<>();
    private final List<byte[]> contents = new ArrayList<>();


    @BeforeEach
    void start() throws Exception {
        s3 = S3Server.start(Files.createDirectories(work.resolve("s3")), "team");
        upstream = UpstreamServer.start();
        for (int i = 0; i < 3; i++) {
            byte[] c = new byte[200_000 + i];
            new Random(i).nextBytes(c);
            URI url = upstream.put("/f" + i, c);
            files.add(new RemoteFile(url, Digest.sha256(UpstreamServer.sha256(c)), c.length, "f" + i));
            contents.add(c);
        }
    }

    @AfterEach
    void stop() {
        upstream.close();
        s3.close();
    }

    private TeamTier team(URI endpoint, boolean upload) {
        return new TeamTier(new S3Tier(new TierSettings(endpoint, "team", "lazybuild/", null, true, upload),
                S3Credentials.ofTestServer()), upload, warnings::add);
    }

    private ContentStore store(String machine, TeamTier team) {
        return ContentStore.builder(work.resolve(machine)).then(team)
                .then(new UpstreamSource(new HttpUpstream(4), MirrorRules.NONE, 4)).build();
    }

    @Test
    void aSecondMachineGetsEveryFileFromTheTeamTierAndNothingFromUpstream() throws Exception {
        try (TeamTier team = team(s3.endpoint(), true)) {
            ContentStore a = store("machine-a", team);
            files.forEach(a::fetch);
        } // close waits for the background uploads
        assertThat(upstream.requests()).hasSize(3);
        upstream.clearLog();

        try (TeamTier team = team(s3.endpoint(), true)) {
            ContentStore b = store("machine-b", team);
            for (int i = 0; i < files.size(); i++) {
                assertThat(Files.readAllBytes(b.fetch(files.get(i)))).isEqualTo(contents.get(i));
            }
            assertThat(team.counts().hits()).isEqualTo(3);
            assertThat(team.counts().uploaded()).isZero(); // what came from the tier is not sent back
        }
        assertThat(upstream.requests()).isEmpty();
        assertThat(warnings).isEmpty();
        measureHitLatency();
    }

    @Test
    void wrongContentInTheTierIsDroppedTheUpstreamServesAndTheTierIsRepaired() throws Exception {
        RemoteFile f = files.get(0);
        Path bad = work.resolve("bad");
        Files.write(bad, "not the content".getBytes());
        try (S3Tier tier = new S3Tier(new TierSettings(s3.endpoint(), "team", "lazybuild/", null, true, true), S3Credentials.ofTestServer())) {
            tier.put(TeamTier.objectKey(f.digest()), bad);
        }

        try (TeamTier team = team(s3.endpoint(), true)) {
            Path got = store("machine", team).fetch(f);
            assertThat(Files.readAllBytes(got)).isEqualTo(contents.get(0));
            assertThat(team.counts().corrupt()).isEqualTo(1);
        }
        assertThat(upstream.gets("/f0")).isEqualTo(1);
        assertThat(warnings).singleElement().asString().contains("returned wrong content").contains(f.digest().toString());
        try (S3Tier tier = new S3Tier(new TierSettings(s3.endpoint(), "team", "lazybuild/", null, true, true), S3Credentials.ofTestServer())) {
            ByteArrayOutputStream now = new ByteArrayOutputStream();
            assertThat(tier.get(TeamTier.objectKey(f.digest()), now)).isTrue();
            assertThat(now.toByteArray()).isEqualTo(contents.get(0));
        }
    }

    @Test
    void aTierThatIsDownIsOneWarningAndTheUpstreamServesEveryFile() throws Exception {
        int deadPort;
        try (var socket = new java.net.ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        try (TeamTier team = team(URI.create("http://127.0.0.1:" + deadPort), true)) {
            ContentStore store = store("machine", team);
            for (int i = 0; i < files.size(); i++) {
                assertThat(Files.readAllBytes(store.fetch(files.get(i)))).isEqualTo(contents.get(i));
            }
        }
        assertThat(upstream.requests()).hasSize(3);
        assertThat(warnings).singleElement().asString().contains("127.0.0.1:" + deadPort)
                .contains("going on without the team cache");
    }

    @Test
    void aReadOnlyRunnerUsesTheTierButNeverWritesToIt() throws Exception {
        try (TeamTier team = team(s3.endpoint(), false)) {
            store("machine", team).fetch(files.get(0));
            assertThat(team.counts().uploaded()).isZero();
        }
        assertThat(s3.backend().blobExists("team", "lazybuild/" + TeamTier.objectKey(files.get(0).digest()))).isFalse();
    }

    /**
     * Files whose lockfile gives no size (npm): a machine whose tier holds them learns each size
     * from the tier's object and never contacts the upstream, not even with a HEAD.
     */
    @Test
    void sizesComeFromTheTierSoAMachineItServesSendsTheUpstreamNoRequestAtAll() throws Exception {
        try (TeamTier team = team(s3.endpoint(), true)) {
            ContentStore a = store("machine-a", team);
            files.forEach(a::fetch);
        }
        upstream.clearLog();

        try (TeamTier team = team(s3.endpoint(), false)) {
            ContentStore b = store("machine-b", team);
            for (int i = 0; i < files.size(); i++) {
                RemoteFile unsized = files.get(i).withSize(RemoteFile.UNKNOWN_SIZE);
                assertThat(b.size(unsized)).isEqualTo(contents.get(i).length);
                assertThat(Files.readAllBytes(b.fetch(unsized))).isEqualTo(contents.get(i));
            }
            b.saveTierCounts();
        }
        assertThat(upstream.requests()).as("every request the upstream saw, HEAD included").isEmpty();
        Map<String, Long> counts = TierCounts.load(work.resolve("machine-b"));
        assertThat(counts).containsEntry("team.hits", 3L).containsEntry("upstream.downloads", 0L)
                .containsEntry("upstream.requests", 0L).containsEntry("team.requests", 6L);

        // A file the tier lacks: its size and content come from the upstream, one HEAD and one GET.
        s3.backend().removeBlob("team", "lazybuild/" + TeamTier.objectKey(files.get(0).digest()));
        try (TeamTier team = team(s3.endpoint(), false)) {
            ContentStore c = store("machine-c", team);
            RemoteFile unsized = files.get(0).withSize(RemoteFile.UNKNOWN_SIZE);
            assertThat(c.size(unsized)).isEqualTo(contents.get(0).length);
            c.fetch(unsized);
            c.saveTierCounts();
        }
        assertThat(upstream.requests()).extracting(UpstreamServer.Request::method).containsExactly("HEAD", "GET");
        assertThat(TierCounts.load(work.resolve("machine-c"))).containsEntry("upstream.downloads", 1L)
                .containsEntry("upstream.requests", 2L).containsEntry("team.misses", 1L).containsEntry("team.hits", 0L);
    }

    /** Not an assertion (timing is for benchmarks): the added latency of a tier hit, printed for the record. */
    private void measureHitLatency() throws Exception {
        int rounds = 20;
        long tierNanos = 0;
        long hostNanos = 0;
        try (TeamTier team = team(s3.endpoint(), false)) {
            for (int r = 0; r < rounds; r++) {
                ContentStore fresh = store("latency-" + r, team);
                long t0 = System.nanoTime();
                fresh.fetch(files.get(0));
                tierNanos += System.nanoTime() - t0;
                long t1 = System.nanoTime();
                fresh.fetch(files.get(0));
                hostNanos += System.nanoTime() - t1;
            }
        }
        System.out.printf("team tier hit: %.2f ms, host store hit: %.3f ms (200 kB file, mean of %d)%n",
                tierNanos / 1e6 / rounds, hostNanos / 1e6 / rounds, rounds);
    }
}
