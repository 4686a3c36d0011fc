package dev.lazybuild.fetch.team;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.Origin;
import dev.lazybuild.fetch.RemoteFile;
import dev.lazybuild.fetch.Source;
import dev.lazybuild.testkit.S3Server;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The S3 tier against a real S3 API server (s3proxy) on 127.0.0.1. */
class S3TierTest {
    @TempDir
    Path work;

    private S3Server server;


    @BeforeEach
    void start() throws Exception {
        server = S3Server.start(Files.createDirectories(work.resolve("s3")), "team");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private S3Tier tier() {
        return new S3Tier(new TierSettings(server.endpoint(), "team", "lazybuild/", "us-east-1", true, true), S3Credentials.ofTestServer());
    }

    @Test
    void putThenGetReturnsTheSameBytesAndAbsentKeysAreMisses() throws Exception {
        Path file = work.resolve("f");
        Files.write(file, "hello team".getBytes());
        try (S3Tier tier = tier()) {
            tier.put("objects/x", file);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(tier.get("objects/x", out)).isTrue();
            assertThat(out.toString()).isEqualTo("hello team");
            assertThat(tier.get("objects/absent", new ByteArrayOutputStream())).isFalse();
        }
        assertThat(server.backend().blobExists("team", "lazybuild/objects/x")).isTrue();
    }

    @Test
    void largeFilesGoUpInPartsAndComeBackWhole() throws Exception {
        byte[] big = new byte[(int) (S3Tier.PART_SIZE * 2 + 12345)];
        new Random(7).nextBytes(big);
        Path file = work.resolve("big");
        Files.write(file, big);
        try (S3Tier tier = tier()) {
            tier.put("objects/big", file);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(tier.get("objects/big", out)).isTrue();
            assertThat(out.toByteArray()).isEqualTo(big);
        }
    }

    @Test
    void anUnreachableTierIsOneWarningAndThenLeftAlone() throws Exception {
        List<String> warnings = new CopyOnWriteArrayList<>();
        int deadPort;
        try (var s = new java.net.ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        S3Tier dead = new S3Tier(new TierSettings(URI.create("http://127.0.0.1:" + deadPort), "team", "", null, true, true), S3Credentials.ofTestServer());
        try (TeamTier team = new TeamTier(dead, true, warnings::add)) {
            Digest d = Digest.sha256("ab".repeat(32));
            assertThat(fetchFromTeam(team, d)).isFalse();
            assertThat(fetchFromTeam(team, d)).isFalse();
            assertThat(team.isDown()).isTrue();

        }
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).contains("127.0.0.1:" + deadPort).contains("going on without the team cache")
                .doesNotContain(S3Server.SECRET_KEY);
    }

    /** True when the tier answered with content; an absent object or a down tier sends the store to the next source. */
    private static boolean fetchFromTeam(TeamTier team, Digest d) throws Exception {
        RemoteFile file = new RemoteFile(URI.create("http://127.0.0.1:1/unused"), d, RemoteFile.UNKNOWN_SIZE, "f");
        for (Origin origin : team.origins(file)) {
            try {
                origin.transfer(0, new ByteArrayOutputStream());
                return true;
            } catch (Source.Absent e) {
                return false;
            }
        }
        return false;
    }

    @Test
    void aReadOnlyTeamCacheNeverUploads() throws Exception {
        Path file = work.resolve("f");
        Files.write(file, "x".getBytes());
        Digest d = Digest.sha256(dev.lazybuild.testkit.UpstreamServer.sha256("x".getBytes()));
        try (TeamTier team = new TeamTier(tier(), false, w -> { })) {
            team.putFileLater(TeamTier.objectKey(d), file);
        }
        assertThat(server.backend().blobExists("team", "lazybuild/" + TeamTier.objectKey(d))).isFalse();
        try (TeamTier team = new TeamTier(tier(), true, w -> { })) {
            team.putFileLater(TeamTier.objectKey(d), file);
        }
        assertThat(server.backend().blobExists("team", "lazybuild/" + TeamTier.objectKey(d))).isTrue();
    }
}
