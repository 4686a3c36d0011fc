package dev.lazybuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lazybuild.cli.command.ExitCode;
import dev.lazybuild.testkit.RealLockfiles;
import dev.lazybuild.testkit.UpstreamServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanCommandTest {
    // Independent counts of the real lockfiles (python3 tomllib/json and grep; see vfs RealLockfilesTest):
    // 161 wheels of 563693148 bytes, 24 npm tarballs and 2 generic files, neither with a size.
    private static final int PIP_FILES = 161;
    private static final long PIP_BYTES = 563_693_148L;
    private static final int NPM_FILES = 24;
    private static final int GENERIC_FILES = 2;

    @TempDir
    Path work;

    @Test
    void jsonPlanOfTheRealLockfilesMatchesTheIndependentCounts() throws Exception {
        Files.copy(RealLockfiles.notebooks("jupyter-minimal.pylock.cpu.toml"), work.resolve("pylock.cpu.toml"));
        Files.copy(RealLockfiles.notebooks("custom-packages.package-lock.json"), work.resolve("package-lock.json"));
        CliRunner r = CliRunner.run("plan", "--json", "--platform", "linux/amd64", "--cache-dir", work.resolve("cache").toString(),
                "--lockfile", RealLockfiles.notebooks("odh.artifacts.lock.yaml").toString(), work.toString());
        assertThat(r.status()).as(r.toString()).isZero();
        JsonNode plan = new ObjectMapper().readTree(r.out());
        assertThat(plan.get("arch").asText()).isEqualTo("x86_64");
        assertThat(plan.get("lockfiles")).hasSize(3);
        assertThat(plan.get("files").asInt()).isEqualTo(PIP_FILES + NPM_FILES + GENERIC_FILES);
        assertThat(plan.get("bytes").asLong()).isEqualTo(PIP_BYTES);
        assertThat(plan.get("unknownSizes").asInt()).isEqualTo(NPM_FILES + GENERIC_FILES);
        assertThat(plan.at("/ecosystems/pip/files").asInt()).isEqualTo(PIP_FILES);
        assertThat(plan.at("/ecosystems/npm/files").asInt()).isEqualTo(NPM_FILES);
        assertThat(plan.at("/ecosystems/generic/files").asInt()).isEqualTo(GENERIC_FILES);
        assertThat(plan.get("entries")).hasSize(PIP_FILES + NPM_FILES + GENERIC_FILES);
        JsonNode key = plan.get("entries").get(0);
        assertThat(key.get("path").asText()).isEqualTo("/cachi2/output/deps/generic/RPM-GPG-KEY-CentOS-Official");
        assertThat(key.get("size").isNull()).isTrue();
        assertThat(key.get("url").asText()).isEqualTo("https://www.centos.org/keys/RPM-GPG-KEY-CentOS-Official");
        assertThat(key.get("digest").asText()).isEqualTo("sha256:146059788b214d7ba0dd70c1cf21111e594c6cfde201da8a9a88fe7101be8a78");
        assertThat(r.err()).isEmpty();
        assertThat(work.resolve("cache")).doesNotExist(); // plan without --resolve-sizes writes nothing
    }

    @Test
    void aTamperedParsedLockfileInTheCacheChangesNothingThePlanShows() throws Exception {
        Files.copy(RealLockfiles.notebooks("jupyter-minimal.pylock.cpu.toml"), work.resolve("pylock.toml"));
        Path cache = Files.createDirectories(work.resolve("cache"));
        CliRunner first = CliRunner.run("plan", "--json", "--cache-dir", cache.toString(), work.toString());
        assertThat(first.status()).as(first.toString()).isZero();
        java.util.List<Path> entries;
        try (java.util.stream.Stream<Path> s = Files.list(cache.resolve("parsed"))) {
            entries = s.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        }
        assertThat(entries).hasSize(1);
        JsonNode entry = new ObjectMapper().readTree(first.out()).get("entries").get(0);
        String url = entry.get("url").asText();
        String hex = entry.get("digest").asText().substring("sha256:".length());
        String evil = "https://evil.example/" + "x".repeat(url.length() - "https://evil.example/".length());
        String bytes = new String(Files.readAllBytes(entries.get(0)), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(bytes).contains(url, hex);
        Files.write(entries.get(0), bytes.replace(url, evil).replace(hex, "0".repeat(hex.length()))
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

        CliRunner second = CliRunner.run("plan", "--json", "--cache-dir", cache.toString(), work.toString());
        assertThat(second.status()).as(second.toString()).isZero();
        assertThat(second.out()).isEqualTo(first.out()).doesNotContain("evil.example");
    }

    @Test
    void sizesComeFromUpstreamOnlyWhenAskedAndAreRememberedAfterwards() throws Exception {
        byte[] tarball = "not really a tarball, but bytes with a digest".getBytes();
        String sri = "sha512-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512").digest(tarball));
        String cache = work.resolve("cache").toString();
        try (UpstreamServer server = UpstreamServer.start()) {
            String url = server.put("/pkgs/left-pad-1.3.0.tgz", tarball).toString();
            Files.writeString(work.resolve("package-lock.json"), """
                    {"lockfileVersion": 3, "packages": {"": {"name": "app"},
                      "node_modules/left-pad": {"version": "1.3.0", "resolved": "%s", "integrity": "%s"}}}
                    """.formatted(url, sri));

            CliRunner unknown = CliRunner.run("plan", "--json", "--cache-dir", cache, work.toString());
            assertThat(unknown.status()).as(unknown.toString()).isZero();
            assertThat(new ObjectMapper().readTree(unknown.out()).at("/entries/0/size").isNull()).isTrue();
            assertThat(server.requests()).isEmpty();

            CliRunner resolved = CliRunner.run("plan", "--resolve-sizes", "--cache-dir", cache, work.toString());
            assertThat(resolved.status()).as(resolved.toString()).isZero();
            assertThat(resolved.out()).containsPattern("/cachi2/output/deps/npm/external-left-pad/left-pad-external-sha512-[0-9a-f]{128}\\.tgz\\s+"
                    + tarball.length + "\\s+" + url);
            assertThat(server.requests()).extracting(UpstreamServer.Request::method).containsOnly("HEAD");
        }
        // The server is gone: the size now comes from the cache's memory, without the network.
        CliRunner remembered = CliRunner.run("plan", "--json", "--cache-dir", cache, work.toString());
        assertThat(remembered.status()).as(remembered.toString()).isZero();
        JsonNode plan = new ObjectMapper().readTree(remembered.out());
        assertThat(plan.at("/entries/0/size").asLong()).isEqualTo(tarball.length);
        assertThat(plan.get("bytes").asLong()).isEqualTo(tarball.length);
        assertThat(plan.get("unknownSizes").asInt()).isZero();
    }

    @Test
    void textPlanListsPathSizeUrlAndTotalsPerEcosystem() throws Exception {
        Files.copy(RealLockfiles.notebooks("odh.artifacts.lock.yaml"), work.resolve("artifacts.lock.yaml"));
        CliRunner r = CliRunner.run("plan", "--cache-dir", work.resolve("cache").toString(), work.toString());
        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.out()).containsPattern("/cachi2/output/deps/generic/RPM-GPG-KEY-EPEL-9\\s+-\\s+https://dl.fedoraproject.org/pub/epel/RPM-GPG-KEY-EPEL-9")
                .containsPattern("(?m)^generic\\s+2\\s+0\\s+2$")
                .containsPattern("(?m)^total\\s+2\\s+0\\s+2$");
    }

    @Test
    void badLockfileIsOneErrorLineNamingFileAndEntry() throws Exception {
        Files.writeString(work.resolve("package-lock.json"), """
                {"lockfileVersion": 3, "packages": {"node_modules/x": {"version": "1.0.0",
                  "resolved": "https://registry.npmjs.org/x/-/x-1.0.0.tgz"}}}""");
        CliRunner r = CliRunner.run("plan", "--cache-dir", work.resolve("cache").toString(), work.toString());
        assertThat(r.status()).isEqualTo(ExitCode.LOCKFILE.code());
        assertThat(r.err()).startsWith("lazybuild: error: " + work.resolve("package-lock.json"))
                .contains("packages[\"node_modules/x\"]").contains("no 'integrity'")
                .doesNotContain("\tat ");
        assertThat(r.err().lines()).hasSize(1);
    }

    @Test
    void lockfileOfUnknownKindIsRefusedWithTheNamesThatWork() throws Exception {
        Path odd = Files.writeString(work.resolve("deps.lock"), "");
        CliRunner r = CliRunner.run("plan", "--lockfile", odd.toString(), "--cache-dir", work.resolve("cache").toString(), work.toString());
        assertThat(r.status()).isEqualTo(ExitCode.LOCKFILE.code());
        assertThat(r.err()).startsWith("lazybuild: error: " + odd).contains("package-lock.json");
    }

    @Test
    void contextThatIsNotADirectoryIsAUsageError() {
        CliRunner r = CliRunner.run("plan", work.resolve("missing").toString());
        assertThat(r.status()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.err()).startsWith("lazybuild: error: CONTEXT " + work.resolve("missing") + " is not a directory");
    }

    @Test
    void emptyContextIsAnEmptyPlanWithANoteOnStderr() throws Exception {
        CliRunner r = CliRunner.run("plan", "--json", "--cache-dir", work.resolve("cache").toString(), work.toString());
        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(new ObjectMapper().readTree(r.out()).get("files").asInt()).isZero();
        assertThat(r.err()).startsWith("lazybuild: no lockfiles in " + work).contains("package-lock.json");
    }

    @Test
    void planListsTheTreeAtTheConfiguredMountTargetAsBuildMountsIt() throws Exception {
        Files.copy(RealLockfiles.notebooks("jupyter-minimal.pylock.cpu.toml"), work.resolve("pylock.toml"));
        Files.writeString(work.resolve("lazybuild.toml"), "mount-target = \"/deps-here\"\n");
        CliRunner r = CliRunner.runWith(java.util.Map.of("HOME", work.toString()), "plan", "--json",
                "--cache-dir", work.resolve("cache").toString(), work.toString());
        assertThat(r.status()).as(r.toString()).isZero();
        JsonNode entries = new ObjectMapper().readTree(r.out()).get("entries");
        assertThat(entries).hasSize(PIP_FILES);
        assertThat(entries).allSatisfy(e -> assertThat(e.get("path").asText()).startsWith("/deps-here/output/deps/pip/"));
    }
}
