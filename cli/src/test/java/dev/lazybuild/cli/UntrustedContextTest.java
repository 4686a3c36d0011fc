package dev.lazybuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.cli.command.ExitCode;
import dev.lazybuild.cli.config.Config;
import dev.lazybuild.fetch.Digest;
import dev.lazybuild.testkit.PylockWriter;
import dev.lazybuild.testkit.UpstreamServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16's attacks through a build context and the user's own settings (cases 1, 6, 8):
 * a context's lazybuild.toml cannot choose the cache, a team cache or podman arguments; no
 * password reaches stderr; weak digests are named and, when asked, refused.
 */
class UntrustedContextTest {
    private static final byte[] WHEEL = "the real wheel's bytes".getBytes();
    private static final String WHEEL_NAME = "pkg-1.0-py3-none-any.whl";

    @TempDir
    Path work;

    private UpstreamServer upstream;
    private UpstreamServer attacker;
    private Path context;
    private Map<String, String> env;

    @BeforeEach
    void start() throws Exception {
        upstream = UpstreamServer.start();
        attacker = UpstreamServer.start();
        context = Files.createDirectories(work.resolve("context"));
        URI url = upstream.put("/w/" + WHEEL_NAME, WHEEL);
        Files.writeString(context.resolve("pylock.toml"),
                new PylockWriter().wheel("pkg", "1.0", url, WHEEL.length, UpstreamServer.sha256(WHEEL)).toToml());
        env = new HashMap<>(Map.of("HOME", work.resolve("home").toString(),
                "XDG_CACHE_HOME", work.resolve("home/.cache").toString(),
                "XDG_CONFIG_HOME", work.resolve("home/.config").toString()));
    }

    @AfterEach
    void stop() {
        upstream.close();
        attacker.close();
    }

    @Test
    void contextCannotSetUserOnlyKeysButKeepsItsMirrorsAndTheUsersSettingsStand() throws Exception {
        Path userConfig = Files.createDirectories(work.resolve("home/.config/lazybuild")).resolve("config.toml");
        Files.writeString(userConfig, "podman-args = [\"--runtime\", \"runc\"]\n");
        Files.writeString(context.resolve("lazybuild.toml"), """
                podman-args = ["--volume", "/:/host:rw", "--cap-add", "ALL"]
                cache-dir = "cache"
                netrc = "/root/.netrc"
                concurrency = 3
                [team-cache]
                endpoint = "http://127.0.0.1:1"
                bucket = "stolen"
                [mirrors]
                "https://files.pythonhosted.org/" = "https://mirror.example/"
                """);

        Config config = Config.load(context, null, env);

        assertThat(config.podmanArgs()).containsExactly("--runtime", "runc");
        assertThat(config.cacheDir()).isEqualTo(work.resolve("home/.cache/lazybuild"));
        assertThat(config.teamCache()).isEmpty();
        assertThat(config.concurrency()).isEqualTo(3);
        assertThat(config.mirrors()).containsEntry("https://files.pythonhosted.org/", "https://mirror.example/");
        assertThat(config.warnings()).hasSize(4).allSatisfy(w -> assertThat(w)
                .startsWith(context.resolve("lazybuild.toml") + ": '").contains("is not taken from a build context")
                .contains("~/.config/lazybuild/config.toml").doesNotContain("\n"));
        assertThat(config.warnings()).anySatisfy(w -> assertThat(w).contains("'podman-args'").contains("LAZYBUILD_PODMAN_ARGS"))
                .anySatisfy(w -> assertThat(w).contains("'cache-dir'").contains("--cache-dir"))
                .anySatisfy(w -> assertThat(w).contains("'team-cache'"))
                .anySatisfy(w -> assertThat(w).contains("'netrc'"));
    }

    @Test
    void theSameKeysFromTheUsersOwnFilesAreKept() throws Exception {
        Path explicit = Files.writeString(work.resolve("mine.toml"), "podman-args = [\"--cap-add\", \"SYS_ADMIN\"]\n"
                + "cache-dir = \"" + work.resolve("my-cache") + "\"\n");
        Config config = Config.load(context, explicit, env);
        assertThat(config.podmanArgs()).containsExactly("--cap-add", "SYS_ADMIN");
        assertThat(config.cacheDir()).isEqualTo(work.resolve("my-cache"));
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void aCommittedCacheIsNotServedTheFileIsDownloadedAndVerified() throws Exception {
        Path planted = context.resolve("cache/objects/" + Digest.sha256(UpstreamServer.sha256(WHEEL)).storeKey());
        Files.createDirectories(planted.getParent());
        Files.writeString(planted, "attacker's bytes");
        Files.writeString(context.resolve("lazybuild.toml"), "cache-dir = \"cache\"\n");

        CliRunner r = CliRunner.runWith(env, "prefetch", "--no-progress", context.toString());

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.err()).contains("'cache-dir' is not taken from a build context");
        assertThat(upstream.gets("/w/" + WHEEL_NAME)).isEqualTo(1);
        assertThat(r.out()).contains("prefetched 1 of 1 files into " + work.resolve("home/.cache/lazybuild"));
        assertThat(Files.readString(planted)).isEqualTo("attacker's bytes");
    }

    @Test
    void aCommittedTeamCacheIsNeverContacted() throws Exception {
        Files.writeString(context.resolve("lazybuild.toml"), "[team-cache]\nendpoint = \"http://127.0.0.1:"
                + attacker.port() + "\"\nbucket = \"loot\"\n");
        env.put("AWS_ACCESS_KEY_ID", "AKIAUSERSOWNKEY");
        env.put("AWS_SECRET_ACCESS_KEY", "users-own-secret");

        CliRunner r = CliRunner.runWith(env, "prefetch", "--no-progress", context.toString());

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.err()).contains("'team-cache' is not taken from a build context");
        assertThat(attacker.requests()).isEmpty();
        assertThat(upstream.gets("/w/" + WHEEL_NAME)).isEqualTo(1);
    }

    @Test
    void verbosePrintsPodmanCredentialsAndSecretBuildArgsAsStars() {
        env.put("LAZYBUILD_PODMAN_ARGS", "--creds builder:s3cr3t --build-arg GITHUB_TOKEN=ghp_s3cr3t --build-arg V=1");
        CliRunner r = CliRunner.runWith(env, "plan", "--verbose", context.toString());

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.err()).contains("podman args [--creds, ***, --build-arg, GITHUB_TOKEN=***, --build-arg, V=1]")
                .doesNotContain("s3cr3t");
    }

    @Test
    void aProxyPasswordWithASpaceIsAClearConfigurationErrorWithoutThePassword() {
        env.put("HTTPS_PROXY", "http://builder:pa ss@proxy.corp:3128");
        env.put("HTTP_PROXY", "http://builder:pa ss@proxy.corp:3128");
        CliRunner r = CliRunner.runWith(env, "prefetch", "--verbose", context.toString());

        assertThat(r.status()).as(r.toString()).isEqualTo(ExitCode.CONFIG.code());
        assertThat(r.err()).contains("lazybuild: error: HTTPS_PROXY is not a valid proxy URL: 'http://***@proxy.corp:3128'")
                .contains("at dev.lazybuild.fetch.http.ProxyEnvironment") // --verbose: the stack trace, redacted too
                .doesNotContain("pa ss").doesNotContain("builder");
    }

    @Test
    void planResolvingSizesTakesTheProxyFromTheInvocationsEnvironment() throws Exception {
        URI url = upstream.put("/g/tool.tar.gz", WHEEL);
        Files.writeString(context.resolve("artifacts.lock.yaml"), "metadata: {version: \"1.0\"}\nartifacts:\n"
                + "  - download_url: " + url + "\n    checksum: sha256:" + UpstreamServer.sha256(WHEEL) + "\n");
        env.put("HTTP_PROXY", "http://builder:pa ss@proxy.corp:3128");

        CliRunner r = CliRunner.runWith(env, "plan", "--resolve-sizes", context.toString());

        assertThat(r.status()).as(r.toString()).isEqualTo(ExitCode.CONFIG.code());
        assertThat(r.err()).contains("HTTP_PROXY is not a valid proxy URL");
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void weakDigestsAreNamedByPlanAndRefusedWithStrictDigests() throws Exception {
        URI url = upstream.put("/w/old-1.0-py3-none-any.whl", WHEEL);
        Files.writeString(context.resolve("pylock.toml"), "lock-version = \"1.0\"\n[[packages]]\nname = \"old\"\n"
                + "wheels = [{ url = \"" + url + "\", hashes = { md5 = \"" + "ab".repeat(16) + "\" } }]\n");

        CliRunner plan = CliRunner.runWith(env, "plan", context.toString());
        assertThat(plan.status()).as(plan.toString()).isZero();
        assertThat(plan.err()).contains("lazybuild: warning: " + context.resolve("pylock.toml").toAbsolutePath()
                + ": 1 entry is locked only by md5 or sha1").contains("packages[0] (old) wheels[0] (md5)");

        for (List<String> strict : List.of(List.of("plan", "--strict-digests"), List.of("prefetch", "--strict-digests"))) {
            CliRunner r = CliRunner.runWith(env, concat(strict, context.toString()));
            assertThat(r.status()).as(r.toString()).isEqualTo(ExitCode.LOCKFILE.code());
            assertThat(r.err()).contains("packages[0] (old) wheels[0] (md5): locked only by a weak digest");
        }
        Files.writeString(work.resolve("strict.toml"), "strict-digests = true\n");
        CliRunner configured = CliRunner.runWith(env, "plan", "--config", work.resolve("strict.toml").toString(),
                context.toString());
        assertThat(configured.status()).as(configured.toString()).isEqualTo(ExitCode.LOCKFILE.code());
        assertThat(upstream.gets("/w/old-1.0-py3-none-any.whl")).isZero();
    }

    @Test
    void weakDigestsInAPrefetchInputsLockfileAreNamedAndRefusedWithStrictDigests() throws Exception {
        Path input = Files.createDirectories(context.resolve("prefetch-input/generic"));
        Files.writeString(input.resolve("artifacts.lock.yaml"), "metadata: {version: \"1.0\"}\nartifacts:\n"
                + "  - download_url: https://files.example/tool.tar.gz\n    checksum: md5:" + "ab".repeat(16) + "\n");
        String generic = "{\"type\": \"generic\", \"path\": \"prefetch-input/generic\"}";

        CliRunner plan = CliRunner.runWith(env, "plan", "--prefetch-input", generic, context.toString());
        assertThat(plan.status()).as(plan.toString()).isZero();
        assertThat(plan.err()).contains("lazybuild: warning: " + input.resolve("artifacts.lock.yaml")
                + ": 1 entry is locked only by md5 or sha1");
        CliRunner strict = CliRunner.runWith(env, "plan", "--strict-digests", "--prefetch-input", generic, context.toString());
        assertThat(strict.status()).as(strict.toString()).isEqualTo(ExitCode.LOCKFILE.code());
        assertThat(strict.err()).contains("locked only by a weak digest");
    }

    @Test
    void aContextCanTurnStrictDigestsOnButNotOff() throws Exception {
        Files.writeString(context.resolve("lazybuild.toml"), "strict-digests = true\n");
        Files.writeString(context.resolve("pylock.toml"), "lock-version = \"1.0\"\n[[packages]]\nname = \"old\"\n"
                + "wheels = [{ url = \"https://e.org/old-1.0-py3-none-any.whl\", hashes = { sha1 = \"" + "ab".repeat(20) + "\" } }]\n");
        assertThat(CliRunner.runWith(env, "plan", context.toString()).status()).isEqualTo(ExitCode.LOCKFILE.code());

        Files.writeString(context.resolve("lazybuild.toml"), "strict-digests = false\n");
        env.put("LAZYBUILD_STRICT_DIGESTS", "true");
        assertThat(CliRunner.runWith(env, "plan", context.toString()).status()).isEqualTo(ExitCode.LOCKFILE.code());
    }

    private static String[] concat(List<String> head, String last) {
        List<String> all = new java.util.ArrayList<>(head);
        all.add(last);
        return all.toArray(String[]::new);
    }
}
