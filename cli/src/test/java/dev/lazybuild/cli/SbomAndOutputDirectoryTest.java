package dev.lazybuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lazybuild.cli.command.ExitCode;
import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.store.ContentStore;
import dev.lazybuild.testkit.PylockWriter;
import dev.lazybuild.testkit.UpstreamServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plan --sbom}, {@code prefetch --sbom} and {@code prefetch --output} on a project
 * with pip, npm and generic lockfiles (no RPMs, so neither root nor createrepo_c is needed;
 * the RPM part of --output runs in HermeticProjectEndToEndTest).
 */
class SbomAndOutputDirectoryTest {
    private static final byte[] WHEEL = "a wheel".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TARBALL = "an npm tarball".getBytes(StandardCharsets.UTF_8);
    private static final byte[] KEY = "a gpg key".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path work;
    UpstreamServer upstream;
    Path context;
    URI tarballUrl;

    @BeforeEach
    void project() throws Exception {
        upstream = UpstreamServer.start();
        context = Files.createDirectories(work.resolve("context"));
        URI wheelUrl = upstream.put("/pypi/lazydemo-1.0-py3-none-any.whl", WHEEL);
        tarballUrl = upstream.put("/npm/left-pad/-/left-pad-1.3.0.tgz", TARBALL);
        URI keyUrl = upstream.put("/keys/RPM-GPG-KEY-test", KEY);
        Files.writeString(context.resolve("pylock.toml"), new PylockWriter()
                .wheel("lazydemo", "1.0", wheelUrl, WHEEL.length, UpstreamServer.sha256(WHEEL)).toToml());
        Files.writeString(context.resolve("package.json"), "{\"name\": \"app\", \"version\": \"1.0.0\"}\n");
        Files.writeString(context.resolve("package-lock.json"), """
                {"name": "app", "version": "1.0.0", "lockfileVersion": 3, "packages": {
                  "": {"name": "app", "version": "1.0.0", "dependencies": {"left-pad": "1.3.0"}},
                  "node_modules/left-pad": {"version": "1.3.0", "resolved": "%s", "integrity": "%s"}}}
                """.formatted(tarballUrl, sri(TARBALL)));
        Files.writeString(context.resolve("artifacts.lock.yaml"), "metadata:\n  version: '1.0'\nartifacts:\n"
                + "  - download_url: " + keyUrl + "\n    checksum: sha256:" + UpstreamServer.sha256(KEY) + "\n");
    }

    @AfterEach
    void stopUpstream() {
        upstream.close();
    }

    @Test
    void planWritesTheSbomOfTheDeclaredComponentsWithoutAnyRequest() throws Exception {
        Path sbom = work.resolve("plan-bom.json");

        CliRunner r = run("plan", "--sbom", sbom.toString(), "--cache-dir", work.resolve("cache").toString(), context.toString());

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(new JsonParser().validate(sbom.toFile(), Version.VERSION_16)).isEmpty();
        assertThat(openedByPurl(sbom)).isEqualTo(Map.of(
                "pkg:pypi/lazydemo@1.0", "false",
                "pkg:npm/app@1.0.0", "false",
                "pkg:npm/left-pad@1.3.0?checksum=" + digest("SHA-512", "sha512", TARBALL) + "&download_url=" + tarballUrl, "false",
                "pkg:generic/RPM-GPG-KEY-test?checksum=sha256:" + UpstreamServer.sha256(KEY) + "&download_url="
                        + upstream.url("/keys/RPM-GPG-KEY-test"), "false"));
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void prefetchOutputWritesWhatAKonfluxBuildSeesAndASecondRunChangesAndDownloadsNothing() throws Exception {
        Path dir = work.resolve("out");
        Path sbom = work.resolve("prefetch-bom.json");

        CliRunner first = prefetch("--output", dir.toString(), "--sbom", sbom.toString());

        assertThat(first.status()).as(first.toString()).isZero();
        assertThat(first.out()).contains("output " + dir + ": 4 files written, 0 unchanged, 0 removed");
        assertThat(dir.resolve("output/deps/pip/lazydemo-1.0-py3-none-any.whl")).hasBinaryContent(WHEEL);
        String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(TARBALL));
        assertThat(dir.resolve("output/deps/npm/external-left-pad/left-pad-external-sha512-" + hex + ".tgz"))
                .hasBinaryContent(TARBALL);
        assertThat(dir.resolve("output/deps/generic/RPM-GPG-KEY-test")).hasBinaryContent(KEY);
        assertThat(dir.resolve("cachi2.env")).hasContent("export PIP_FIND_LINKS=/cachi2/output/deps/pip\nexport PIP_NO_INDEX=true");
        assertThat(new JsonParser().validate(dir.resolve("output/bom.json").toFile(), Version.VERSION_16)).isEmpty();
        assertThat(Files.readString(dir.resolve("output/bom.json"))).isEqualTo(Files.readString(sbom));
        JsonNode buildConfig = new ObjectMapper().readTree(dir.resolve("output/.build-config.json").toFile());
        assertThat(buildConfig.at("/environment_variables/0/value").asText()).isEqualTo("${output_dir}/deps/pip");
        assertThat(buildConfig.at("/project_files/0/abspath").asText()).isEqualTo(context.resolve("package-lock.json").toString());
        assertThat(buildConfig.at("/project_files/0/template").asText()).contains("\"resolved\": \"file://${output_dir}/deps/npm/"
                + "external-left-pad/left-pad-external-sha512-" + hex + ".tgz\"");
        Map<Path, FileTime> written = modificationTimes(dir);
        int requests = upstream.requests().size();

        CliRunner second = prefetch("--output", dir.toString());

        assertThat(second.status()).as(second.toString()).isZero();
        assertThat(second.out()).contains("output " + dir + ": 0 files written, 4 unchanged, 0 removed");
        assertThat(upstream.requests()).hasSize(requests);
        assertThat(modificationTimes(dir)).isEqualTo(written);
    }

    @Test
    void aDamagedCacheObjectNeverReachesTheOutputDirectory() throws Exception {
        assertThat(prefetch().status()).isZero();
        Path object = ContentStore.builder(work.resolve("cache")).build()
                .objectPath(Digest.sha256(UpstreamServer.sha256(KEY)));
        object.toFile().setWritable(true);
        Files.writeString(object, "a gpg kez");
        Path dir = work.resolve("out");

        CliRunner r = prefetch("--output", dir.toString());

        assertThat(r.status()).as(r.toString()).isEqualTo(ExitCode.FETCH.code());
        assertThat(r.err()).contains("cannot write the prefetch output to " + dir + ": " + object + " hashes to sha256:",
                "the cache is damaged; run 'lazybuild cache verify'");
        assertThat(dir.resolve("output/deps/generic/RPM-GPG-KEY-test")).doesNotExist();
    }

    @Test
    void outputWithRpmOnlyIsAUsageError() {
        CliRunner r = prefetch("--rpm-only", "--output", work.resolve("out").toString());

        assertThat(r.status()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.err()).contains("--output needs every file the build could open; leave out --rpm-only");
        assertThat(upstream.requests()).isEmpty();
    }

    private CliRunner prefetch(String... options) {
        String[] args = Stream.concat(Stream.concat(Stream.of("prefetch", "--no-progress", "--cache-dir",
                work.resolve("cache").toString()), Stream.of(options)), Stream.of(context.toString())).toArray(String[]::new);
        return run(args);
    }

    private CliRunner run(String... args) {
        return CliRunner.runWith(Map.of("HOME", work.toString()), args);
    }

    private static Map<String, String> openedByPurl(Path sbom) throws Exception {
        Map<String, String> out = new HashMap<>();
        for (JsonNode c : new ObjectMapper().readTree(sbom.toFile()).path("components")) {
            c.path("properties").forEach(p -> {
                if (p.path("name").asText().equals("lazybuild:opened")) {
                    out.put(c.path("purl").asText(), p.path("value").asText());
                }
            });
        }
        return out;
    }

    private static Map<Path, FileTime> modificationTimes(Path dir) throws Exception {
        Map<Path, FileTime> times = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                times.put(f, Files.getLastModifiedTime(f));
            }
        }
        return times;
    }

    private static String sri(byte[] bytes) throws Exception {
        return "sha512-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512").digest(bytes));
    }

    private static String digest(String algorithm, String label, byte[] bytes) throws Exception {
        return label + ":" + HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }
}
