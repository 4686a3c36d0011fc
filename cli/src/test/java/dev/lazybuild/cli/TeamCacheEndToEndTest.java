package dev.lazybuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.testkit.BaseImage;
import dev.lazybuild.testkit.Podman;
import dev.lazybuild.testkit.PylockWriter;
import dev.lazybuild.testkit.S3Server;
import dev.lazybuild.testkit.UpstreamServer;
import dev.lazybuild.testkit.Wheels;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two "machines" (two lazybuild processes with their own caches) share a team cache in a real
 * S3 API server on 127.0.0.1: the second one's build asks the upstream for nothing.
 */
class TeamCacheEndToEndTest extends BuildEndToEnd {
    private S3Server s3;

    @BeforeEach
    void startS3() throws Exception {
        s3 = S3Server.start(Files.createDirectories(work.resolve("s3")), "team");
    }

    @AfterEach
    void stopS3() {
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void theSecondMachinesBuildMakesNoUpstreamRequestAndCacheStatsCountsTheTeamHit() throws Exception {
        byte[] wheel = Wheels.build("lazydemo", "1.0", "from the team", List.of());
        URI url = upstream.put("/" + Wheels.fileName("lazydemo", "1.0"), wheel);
        Path context = Files.createDirectories(work.resolve("context"));
        Files.writeString(context.resolve("pylock.toml"), new PylockWriter()
                .wheel("lazydemo", "1.0", url, wheel.length, UpstreamServer.sha256(wheel)).toToml());
        // The team cache is the user's setting (--config): a build context may not choose one.
        Files.writeString(work.resolve("team.toml"), "[team-cache]\nendpoint = \"" + s3.endpoint()
                + "\"\nbucket = \"team\"\nprefix = \"ci/\"\n");
        Files.writeString(context.resolve("Containerfile"), "FROM " + BaseImage.NAME + "\n"
                + "RUN python3 -m venv /venv && /venv/bin/pip install --no-index --find-links /cachi2/output/deps/pip lazydemo\n");

        int first = build("machine-a", context);
        assertThat(first).isZero();
        assertThat(upstream.gets(url.getPath())).isEqualTo(1);
        upstream.clearLog();

        int second = build("machine-b", context);

        assertThat(second).isZero();
        assertThat(upstream.requests()).isEmpty();
        assertThat(Podman.runIn(image, "/venv/bin/python -c 'import lazydemo; print(lazydemo.VALUE)'")).contains("from the team");
        CliRunner stats = CliRunner.run("cache", "stats", "--json", "--cache-dir", work.resolve("machine-b").toString());
        assertThat(stats.out()).contains("\"team.hits\" : 1").contains("\"upstream.downloads\" : 0");
    }

    /**
     * Two CI runners check one repository out at different paths: the first build's record of
     * what it opened goes to the team cache under the build's identity (remote, Containerfile
     * path, lockfiles), and the second runner, with no record and an empty cache, fetches those
     * files ahead from its first open on.
     */
    @Test
    void aFreshRunnerFetchesAheadWhatTheTeamsLastBuildOpened() throws Exception {
        byte[] a = Wheels.build("lazya", "1.0", "a", List.of());
        byte[] b = Wheels.build("lazyb", "1.0", "b", List.of());
        URI aUrl = upstream.put("/" + Wheels.fileName("lazya", "1.0"), a);
        URI bUrl = upstream.put("/" + Wheels.fileName("lazyb", "1.0"), b);
        String pylock = new PylockWriter().wheel("lazya", "1.0", aUrl, a.length, UpstreamServer.sha256(a))
                .wheel("lazyb", "1.0", bUrl, b.length, UpstreamServer.sha256(b)).toToml();
        String pip = "/cachi2/output/deps/pip/";
        String containerfile = "FROM " + BaseImage.NAME + "\nRUN cat " + pip + Wheels.fileName("lazya", "1.0") + " "
                + pip + Wheels.fileName("lazyb", "1.0") + " > /dev/null\n";
        Files.writeString(work.resolve("team.toml"), "[team-cache]\nendpoint = \"" + s3.endpoint()
                + "\"\nbucket = \"team\"\nprefix = \"ci/\"\n");
        Path onA = checkout(work.resolve("runner-a/build/src"), "https://ci:token@git.example.com/team/app.git", pylock, containerfile);
        Path onB = checkout(work.resolve("runner-b/src"), "git@git.example.com:team/app.git", pylock, containerfile);

        assertThat(build("machine-a", onA)).isZero();
        assertThat(build("machine-b", onB)).isZero();

        String err = Files.readString(work.resolve("machine-b.err"));
        assertThat(err).contains("fetching ahead 2 files the last build of this Containerfile opened")
                .contains("lazybuild: files: 2 opened, 2 downloaded (");
    }

    private static Path checkout(Path root, String remote, String pylock, String containerfile) throws Exception {
        Files.createDirectories(root.resolve(".git"));
        Files.writeString(root.resolve(".git/config"), "[remote \"origin\"]\n\turl = " + remote + "\n");
        Path app = Files.createDirectories(root.resolve("app"));
        Files.writeString(app.resolve("pylock.toml"), pylock);
        Files.writeString(app.resolve("Containerfile"), containerfile);
        return app;
    }

    private int build(String machine, Path context) throws Exception {
        Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", S3Server.SECRET_KEY,
                "LAZYBUILD_CACHE_DIR", work.resolve(machine).toString(), "LAZYBUILD_CONFIG", work.resolve("team.toml").toString(),
                "LAZYBUILD_STATE_DIR", work.resolve(machine + "-state").toString());
        try (LazybuildProcess p = LazybuildProcess.start(work.resolve("logs-" + machine), env, "build",
                "--runtime", "runc", "--network=none", "--no-cache", "-t", image, context.toString())) {
            int status = p.waitFor(600);
            System.out.println(machine + ": " + p);
            assertThat(p.err()).doesNotContain(S3Server.SECRET_KEY).doesNotContain("warning");
            Files.writeString(work.resolve(machine + ".err"), p.err());
            return status;
        }
    }
}
