package dev.lazybuild.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lazybuild.cli.command.CacheDirMixin;
import dev.lazybuild.cli.command.ExitCode;
import dev.lazybuild.cli.config.Config;
import dev.lazybuild.fetch.LazybuildException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where each setting comes from: env > --config > context lazybuild.toml > user config > default. */
class ConfigTest {
    @TempDir
    Path work;

    private Path home;
    private Path context;
    private Path userConfig;
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void layout() throws Exception {
        home = Files.createDirectories(work.resolve("home"));
        context = Files.createDirectories(work.resolve("context"));
        userConfig = Files.createDirectories(home.resolve(".config/lazybuild")).resolve("config.toml");
        env.put("HOME", home.toString());
    }

    @Test
    void withNoFilesAndNoVariablesEverySettingIsTheDefault() {
        Config c = Config.load(context, null, env);
        assertThat(c.concurrency()).isEqualTo(8);
        assertThat(c.mountTarget()).isEqualTo("/cachi2");
        assertThat(c.podmanArgs()).isEmpty();
        assertThat(c.mirrors()).isEmpty();
        assertThat(c.cacheDir()).isNotNull();
        assertThat(c.files()).isEmpty();
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void teamCacheTableIsReadWholeFromTheHighestFileAndUploadsCanBeSwitchedOff() throws Exception {
        Files.writeString(userConfig, """
                [team-cache]
                endpoint = "https://user.example"
                bucket = "user"
                """);
        Path explicit = work.resolve("explicit.toml"); // a context's lazybuild.toml may not name a team cache
        Files.writeString(explicit, """
                [team-cache]
                endpoint = "http://minio.example:9000"
                bucket = "team"
                prefix = "ci/"
                path-style = true
                color = "blue"
                """);
        Config c = Config.load(context, explicit, env);
        assertThat(c.teamCache()).hasValueSatisfying(t -> {
            assertThat(t.endpoint()).isEqualTo(URI.create("http://minio.example:9000"));
            assertThat(t.bucket()).isEqualTo("team");
            assertThat(t.prefix()).isEqualTo("ci/");
            assertThat(t.upload()).isTrue();
        });
        assertThat(c.warnings()).singleElement().asString().contains("unknown key 'team-cache.color'");
        env.put("LAZYBUILD_TEAM_CACHE_UPLOAD", "false");
        assertThat(Config.load(context, explicit, env).teamCache()).hasValueSatisfying(t -> assertThat(t.upload()).isFalse());
    }

    @Test
    void maxDownloadSizeIsReadAsASizeAndABadOneIsAnErrorNamingFileAndKey() throws Exception {
        assertThat(Config.load(context, null, env).maxDownloadSize()).isEqualTo(16L << 30);
        Files.writeString(userConfig, "max-download-size = \"2G\"\n");
        assertThat(Config.load(context, null, env).maxDownloadSize()).isEqualTo(2L << 30);
        env.put("LAZYBUILD_MAX_DOWNLOAD_SIZE", "500M");
        assertThat(Config.load(context, null, env).maxDownloadSize()).isEqualTo(500L << 20);
        env.remove("LAZYBUILD_MAX_DOWNLOAD_SIZE");

        for (String bad : List.of("-5", "0", "\"lots\"", "\"12abc\"")) {
            Files.writeString(userConfig, "max-download-size = " + bad + "\n");
            assertThatThrownBy(() -> Config.load(context, null, env)).isInstanceOf(LazybuildException.class)
                    .hasMessageContaining(userConfig.toString()).hasMessageContaining("max-download-size")
                    .hasMessageContaining("a size such as \"16G\"");
        }
    }

    @Test
    void rpmSigningKeysComeFromTheUsersFileNeverFromTheContext() throws Exception {
        Files.writeString(userConfig, "rpm-gpg-keys = [\"keys/RPM-GPG-KEY-vendor\"]\n");
        Files.writeString(context.resolve("lazybuild.toml"), "rpm-gpg-keys = [\"/tmp/evil-key\"]\nverified-repodata = true\n");

        Config c = Config.load(context, null, env);

        assertThat(c.rpmGpgKeys()).containsExactly(userConfig.getParent().resolve("keys/RPM-GPG-KEY-vendor"));
        assertThat(c.verifiedRepodata()).isTrue();
        assertThat(c.warnings()).singleElement().asString().contains(context.resolve("lazybuild.toml") + ": 'rpm-gpg-keys' is not taken from a build context");
    }

    @Test
    void verifiedRepodataMustBeABoolean() throws Exception {
        Files.writeString(context.resolve("lazybuild.toml"), "verified-repodata = \"yes\"\n");
        assertThatThrownBy(() -> Config.load(context, null, env)).isInstanceOf(LazybuildException.class)
                .hasMessage(context.resolve("lazybuild.toml") + ": verified-repodata must be true or false; got \"yes\"");
    }

    @Test
    void aTeamCacheWithoutBucketIsAConfigErrorNamingFileAndKey() throws Exception {
        Path explicit = Files.writeString(work.resolve("explicit.toml"), "[team-cache]\nendpoint = \"https://s3.example\"\n");
        assertThatThrownBy(() -> Config.load(context, explicit, env))
                .isInstanceOf(LazybuildException.class)
                .hasMessageContaining(explicit.toString())
                .hasMessageContaining("team-cache.bucket");
    }

    @Test
    void eachLayerOverridesTheOneBelowIt() throws Exception {
        Files.writeString(userConfig, """
                cache-dir = "user-cache"
                concurrency = 2
                mount-target = "/user"
                podman-args = ["--runtime", "runc"]
                """);
        Config user = Config.load(context, null, env);
        assertThat(user.cacheDir()).isEqualTo(userConfig.getParent().resolve("user-cache"));
        assertThat(user.concurrency()).isEqualTo(2);
        assertThat(user.mountTarget()).isEqualTo("/user");
        assertThat(user.podmanArgs()).containsExactly("--runtime", "runc");

        Files.writeString(context.resolve("lazybuild.toml"), "concurrency = 3\nmount-target = \"/context/\"\n");
        Config ctx = Config.load(context, null, env);
        assertThat(ctx.concurrency()).isEqualTo(3);
        assertThat(ctx.mountTarget()).isEqualTo("/context");
        assertThat(ctx.podmanArgs()).as("not set in the context file: the user's stays").containsExactly("--runtime", "runc");

        Path explicit = work.resolve("explicit.toml");
        Files.writeString(explicit, "concurrency = 4\n");
        Config flagged = Config.load(context, explicit, env);
        assertThat(flagged.concurrency()).isEqualTo(4);
        assertThat(flagged.mountTarget()).isEqualTo("/context");
        assertThat(flagged.files()).containsExactly(userConfig, context.resolve("lazybuild.toml"), explicit);

        env.put("LAZYBUILD_CONCURRENCY", "5");
        env.put("LAZYBUILD_MOUNT_TARGET", "/env");
        env.put("LAZYBUILD_PODMAN_ARGS", " --isolation  chroot ");
        env.put("LAZYBUILD_CACHE_DIR", "~/env-cache");
        Config fromEnv = Config.load(context, explicit, env);
        assertThat(fromEnv.concurrency()).isEqualTo(5);
        assertThat(fromEnv.mountTarget()).isEqualTo("/env");
        assertThat(fromEnv.podmanArgs()).containsExactly("--isolation", "chroot");
        assertThat(fromEnv.cacheDir()).isEqualTo(home.resolve("env-cache"));
    }

    @Test
    void lazybuildConfigVariableNamesTheExplicitFileAndTheFlagWinsOverIt() throws Exception {
        Path a = work.resolve("a.toml");
        Path b = work.resolve("b.toml");
        Files.writeString(a, "concurrency = 11\n");
        Files.writeString(b, "concurrency = 12\n");
        env.put("LAZYBUILD_CONFIG", a.toString());
        assertThat(Config.load(context, null, env).concurrency()).isEqualTo(11);
        assertThat(Config.load(context, b, env).concurrency()).isEqualTo(12);
    }

    @Test
    void xdgConfigHomeIsWhereTheUserConfigIs() throws Exception {
        Path xdg = Files.createDirectories(work.resolve("xdg/lazybuild"));
        Files.writeString(xdg.resolve("config.toml"), "concurrency = 9\n");
        Files.writeString(userConfig, "concurrency = 1\n");
        env.put("XDG_CONFIG_HOME", work.resolve("xdg").toString());
        assertThat(Config.load(context, null, env).concurrency()).isEqualTo(9);
    }

    @Test
    void mirrorsMergeAcrossFilesAndTheHigherFileWinsForTheSamePrefix() throws Exception {
        Files.writeString(userConfig, """
                [mirrors]
                "https://files.pythonhosted.org/" = "https://user.example/pypi/"
                "https://registry.npmjs.org/" = "https://user.example/npm/"
                """);
        Files.writeString(context.resolve("lazybuild.toml"), """
                [mirrors]
                "https://files.pythonhosted.org/" = "https://team.example/pypi/"
                """);
        Config c = Config.load(context, null, env);
        assertThat(c.mirrors()).containsOnly(
                Map.entry("https://files.pythonhosted.org/", "https://team.example/pypi/"),
                Map.entry("https://registry.npmjs.org/", "https://user.example/npm/"));
        assertThat(c.mirrorRules().candidates(URI.create("https://files.pythonhosted.org/p/x.whl")))
                .containsExactly(URI.create("https://team.example/pypi/p/x.whl"), URI.create("https://files.pythonhosted.org/p/x.whl"));
    }

    @Test
    void unknownKeysAreWarningsNamingFileAndKey() throws Exception {
        Files.writeString(context.resolve("lazybuild.toml"), "concurency = 3\n[extra]\nx = 1\n");
        Config c = Config.load(context, null, env);
        assertThat(c.concurrency()).isEqualTo(8);
        assertThat(c.warnings()).containsExactly(
                context.resolve("lazybuild.toml") + ": unknown key 'concurency' ignored (known keys: cache-dir, concurrency, max-download-size, mirrors, mount-target, podman-args, prefetch-input, rpm-ca-bundle, rpm-entitlement, rpm-gpg-keys, strict-digests, team-cache, verified-repodata)",
                context.resolve("lazybuild.toml") + ": unknown key 'extra' ignored (known keys: cache-dir, concurrency, max-download-size, mirrors, mount-target, podman-args, prefetch-input, rpm-ca-bundle, rpm-entitlement, rpm-gpg-keys, strict-digests, team-cache, verified-repodata)");
    }

    @Test
    void unknownKeyWarningReachesStderrAndTheCommandGoesOn() throws Exception {
        Files.writeString(context.resolve("lazybuild.toml"), "colour = true\n");
        // A lockfile that is not TOML: the command goes on after the warning and fails reading it.
        Files.writeString(context.resolve("pylock.toml"), "not toml [\n");
        CliRunner r = CliRunner.runWith(Map.of("HOME", home.toString(), "LAZYBUILD_CACHE_DIR", work.resolve("cache").toString()),
                "build", context.toString());
        assertThat(r.err().lines().toList()).hasSize(2);
        assertThat(r.err()).startsWith("lazybuild: warning: " + context.resolve("lazybuild.toml") + ": unknown key 'colour' ignored");
        assertThat(r.err()).contains("lazybuild: error: " + context.resolve("pylock.toml"));
        assertThat(r.status()).isEqualTo(ExitCode.LOCKFILE.code());
    }

    @Test
    void verboseSaysWhichConfigFilesWereReadAndWhatTheySet() throws Exception {
        Files.writeString(context.resolve("lazybuild.toml"), "concurrency = 3\n");
        Files.writeString(context.resolve("pylock.toml"), "not toml [\n");
        CliRunner r = CliRunner.runWith(Map.of("HOME", home.toString(), "LAZYBUILD_CACHE_DIR", work.resolve("cache").toString()),
                "build", "--verbose", context.toString());
        assertThat(r.err()).startsWith("lazybuild: config files: " + context.resolve("lazybuild.toml") + "; cache "
                + work.resolve("cache") + ", concurrency 3, mount target /cachi2, podman args [], mirrors 0");
    }

    @Test
    void badValuesAreErrorsNamingFileKeyAndWhatIsExpected() throws Exception {
        Path f = work.resolve("mine.toml"); // the user's own file: a context's may not set podman-args or cache-dir
        Map<String, String> cases = Map.of(
                "concurrency = 0", ": concurrency must be an integer from 1 to 64; got 0",
                "concurrency = \"4\"", ": concurrency must be an integer from 1 to 64; got \"4\"",
                "mount-target = \"cachi2\"", ": mount-target must be an absolute path other than / (without '..' or ':'), such as \"/cachi2\"; got \"cachi2\"",
                "podman-args = \"--runtime runc\"", ": podman-args must be an array of strings, such as [\"--runtime\", \"runc\"]; got \"--runtime runc\"",
                "podman-args = [1, 2]", ": podman-args must be an array of strings, such as [\"--runtime\", \"runc\"]; got an array of 2",
                "cache-dir = 5", ": cache-dir must be a directory path; got 5",
                "mirrors = \"x\"", ": mirrors must be a table of \"URL prefix\" = \"mirror URL prefix\" (http or https); got \"x\"",
                "[mirrors]\n\"https://a.example/\" = \"ftp://b.example/\"", ": mirrors.\"https://a.example/\" must be a table of \"URL prefix\" = \"mirror URL prefix\" (http or https); got \"ftp://b.example/\"",
                "concurrency = ", ":1:15: not valid TOML: ");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Files.writeString(f, c.getKey() + "\n");
            assertThatThrownBy(() -> Config.load(context, f, env)).as(c.getKey())
                    .isInstanceOfSatisfying(LazybuildException.class, e -> assertThat(e.kind()).isEqualTo(LazybuildException.Kind.CONFIG))
                    .hasMessageStartingWith(f + c.getValue());
        }
    }

    @Test
    void badEnvironmentValuesNameTheVariable() {
        env.put("LAZYBUILD_CONCURRENCY", "lots");
        assertThatThrownBy(() -> Config.load(context, null, env))
                .hasMessage("LAZYBUILD_CONCURRENCY must be an integer from 1 to 64; got \"lots\"");
        env.remove("LAZYBUILD_CONCURRENCY");
        env.put("LAZYBUILD_MOUNT_TARGET", "/");
        assertThatThrownBy(() -> Config.load(context, null, env)).hasMessageStartingWith("LAZYBUILD_MOUNT_TARGET: mount-target must be");
    }

    @Test
    void commandLineFlagsWinOverEverything() throws Exception {
        Files.writeString(context.resolve("lazybuild.toml"), "cache-dir = \"/from/file\"\n");
        env.put("LAZYBUILD_CACHE_DIR", "/from/env");
        Config c = Config.load(context, null, env);
        CacheDirMixin flag = new CacheDirMixin();
        assertThat(flag.resolve(c)).isEqualTo(Path.of("/from/env"));
        flag.cacheDir = Path.of("/from/flag");
        assertThat(flag.resolve(c)).isEqualTo(Path.of("/from/flag"));
        assertThat(List.of(c.cacheDir())).containsExactly(Path.of("/from/env"));
    }
}
