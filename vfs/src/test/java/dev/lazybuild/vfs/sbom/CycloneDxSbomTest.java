package dev.lazybuild.vfs.sbom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lazybuild.fetch.Digest;
import dev.lazybuild.vfs.lockfile.LockedFile;
import dev.lazybuild.vfs.lockfile.LockfileException;
import dev.lazybuild.vfs.lockfile.Lockfiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CycloneDxSbomTest {
    private static final String A_SHA512 = "sha512-" + java.util.Base64.getEncoder().encodeToString(new byte[64]);
    private static final String B_SHA512 = "sha512-" + java.util.Base64.getEncoder().encodeToString(filled(64, 1));
    private static final String GENERIC_SHA256 = "a".repeat(64);

    @TempDir
    Path dir;

    @Test
    void marksAsOpenedExactlyTheComponentsWhoseFileTheBuildOpened() throws Exception {
        List<Path> lockfiles = List.of(npmLockfile(), genericLockfile());
        List<LockedFile> files = Lockfiles.read(lockfiles, "x86_64");
        Digest aTarball = Digest.parseSri(A_SHA512);

        JsonNode bom = bom(lockfiles, files, Set.of(aTarball));

        Map<String, Map<String, String>> properties = propertiesByPurl(bom);
        assertThat(properties.get("pkg:npm/a@1.0.0")).containsEntry("lazybuild:opened", "true")
                .containsEntry("hermeto:found_by", "hermeto");
        // Bundled in a's tarball: opening it opened the bundled package too.
        assertThat(properties.get("pkg:npm/bundled@2.0.0")).containsEntry("lazybuild:opened", "true")
                .containsEntry("cdx:npm:package:bundled", "true");
        assertThat(properties.get("pkg:npm/%40scope/b@3.0.0")).containsEntry("lazybuild:opened", "false")
                .containsEntry("cdx:npm:package:development", "true");
        assertThat(properties.get("pkg:npm/project@0.1.0")).containsEntry("lazybuild:opened", "false");
        assertThat(properties.get("pkg:generic/tool.tar.gz?checksum=sha256:" + GENERIC_SHA256
                + "&download_url=https://files.example/v1/tool.tar.gz")).containsEntry("lazybuild:opened", "false");
        assertThat(properties).hasSize(5);
    }

    @Test
    void metadataNamesTheImageTheContainerfileAndEachLockfilesSha256() throws Exception {
        Path lockfile = npmLockfile();
        Path containerfile = Files.writeString(dir.resolve("Containerfile"), "FROM scratch\n");
        List<LockedFile> files = Lockfiles.read(List.of(lockfile), "x86_64");
        String json = CycloneDxSbom.of(new SbomSubject("localhost/app:1", containerfile, List.of(lockfile), java.time.Instant.parse("2026-11-29T20:00:00Z")),
                DeclaredComponents.read(List.of(lockfile), files), Set.of(), "9.9").toJson();

        assertThat(new JsonParser().validate(json.getBytes(StandardCharsets.UTF_8), CycloneDxSbom.SPEC_VERSION)).isEmpty();
        JsonNode metadata = new ObjectMapper().readTree(json).path("metadata");
        assertThat(metadata.path("component").path("name").asText()).isEqualTo("localhost/app:1");
        assertThat(metadata.path("component").path("type").asText()).isEqualTo("container");
        assertThat(metadata.path("timestamp").asText()).isEqualTo("2026-11-29T20:00:00Z");
        assertThat(metadata.path("tools").path("components").get(0).path("name").asText()).isEqualTo("lazybuild");
        Map<String, String> properties = new HashMap<>();
        metadata.path("properties").forEach(p -> properties.put(p.path("name").asText(), p.path("value").asText()));
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(lockfile)));
        assertThat(properties).containsEntry("lazybuild:containerfile", containerfile.toString())
                .containsEntry("lazybuild:lockfile:" + lockfile, "sha256:" + sha256);
    }

    /** The validator the other tests rely on does reject what CycloneDX 1.6 does not allow. */
    @Test
    void theSchemaValidatorRejectsAComponentOfAnUnknownType() throws Exception {
        Path lockfile = npmLockfile();
        String json = CycloneDxSbom.of(new SbomSubject(null, null, List.of(lockfile), null),
                DeclaredComponents.read(List.of(lockfile), Lockfiles.read(List.of(lockfile), "x86_64")), Set.of(), "1")
                .toJson().replaceFirst("\"type\" : \"library\"", "\"type\" : \"wheel\"");

        assertThat(json).contains("\"wheel\"");
        assertThat(new JsonParser().validate(json.getBytes(StandardCharsets.UTF_8), CycloneDxSbom.SPEC_VERSION)).isNotEmpty();
    }

    @Test
    void theSameInputsGiveTheSameBytesWhenNoBuildTimeIsGiven() throws Exception {
        Path lockfile = npmLockfile();
        List<LockedFile> files = Lockfiles.read(List.of(lockfile), "x86_64");
        SbomSubject declared = new SbomSubject(null, null, List.of(lockfile), null);

        String first = CycloneDxSbom.of(declared, DeclaredComponents.read(List.of(lockfile), files), Set.of(), "1").toJson();
        String second = CycloneDxSbom.of(declared, DeclaredComponents.read(List.of(lockfile), files), Set.of(), "1").toJson();
        String opened = CycloneDxSbom.of(declared, DeclaredComponents.read(List.of(lockfile), files),
                Set.of(Digest.parseSri(A_SHA512)), "1").toJson();

        assertThat(second).isEqualTo(first).contains("\"serialNumber\" : \"urn:uuid:");
        assertThat(opened).isNotEqualTo(first);
        assertThat(new ObjectMapper().readTree(opened).path("serialNumber"))
                .isNotEqualTo(new ObjectMapper().readTree(first).path("serialNumber"));
    }

    @Test
    void anNpmLockfileWithoutAProjectNameIsRefusedNamingTheFile() throws Exception {
        Path lockfile = Files.writeString(dir.resolve("package-lock.json"), """
                {"lockfileVersion": 3, "packages": {"": {}}}
                """);

        assertThatThrownBy(() -> DeclaredComponents.read(List.of(lockfile), Lockfiles.read(List.of(lockfile), "x86_64")))
                .isInstanceOf(LockfileException.class)
                .hasMessage(lockfile + ": has no 'name' (neither at the top level nor in packages[\"\"]), which names the project in the SBOM");
    }

    private Path npmLockfile() throws Exception {
        return Files.writeString(dir.resolve("package-lock.json"), """
                {
                  "name": "project", "version": "0.1.0", "lockfileVersion": 3,
                  "packages": {
                    "": {"name": "project", "version": "0.1.0"},
                    "node_modules/a": {"version": "1.0.0", "resolved": "https://registry.npmjs.org/a/-/a-1.0.0.tgz",
                                       "integrity": "%s"},
                    "node_modules/a/node_modules/bundled": {"version": "2.0.0", "inBundle": true},
                    "node_modules/@scope/b": {"version": "3.0.0", "dev": true,
                                              "resolved": "https://registry.npmjs.org/@scope/b/-/b-3.0.0.tgz",
                                              "integrity": "%s"}
                  }
                }
                """.formatted(A_SHA512, B_SHA512));
    }

    private Path genericLockfile() throws Exception {
        return Files.writeString(dir.resolve("artifacts.lock.yaml"), """
                metadata: {version: "1.0"}
                artifacts:
                  - download_url: https://files.example/v1/tool.tar.gz
                    checksum: sha256:%s
                """.formatted(GENERIC_SHA256));
    }

    private static JsonNode bom(List<Path> lockfiles, List<LockedFile> files, Set<Digest> opened) throws Exception {
        String json = CycloneDxSbom.of(new SbomSubject(null, null, lockfiles, null), DeclaredComponents.read(lockfiles, files),
                opened, "1").toJson();
        assertThat(new JsonParser().validate(json.getBytes(StandardCharsets.UTF_8), CycloneDxSbom.SPEC_VERSION)).isEmpty();
        return new ObjectMapper().readTree(json);
    }

    private static Map<String, Map<String, String>> propertiesByPurl(JsonNode bom) {
        Map<String, Map<String, String>> out = new HashMap<>();
        for (JsonNode c : bom.path("components")) {
            Map<String, String> p = new HashMap<>();
            c.path("properties").forEach(n -> p.put(n.path("name").asText(), n.path("value").asText()));
            out.put(c.path("purl").asText(), p);
        }
        return out;
    }

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }
}
