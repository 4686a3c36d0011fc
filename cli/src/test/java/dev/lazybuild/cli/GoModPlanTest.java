package dev.lazybuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plan --lockfile go.mod} on the real go.mod/go.sum of mongodb-cli v2.0.7 (vfs test
 * resources, with their source): the gomod entries, without a request (no cache, no sizes).
 */
class GoModPlanTest {
    private static final Path MONGODB = Path.of("../vfs/src/test/resources/gomod/mongodb-cli-v2.0.7").toAbsolutePath().normalize();
    /** From mongodb-cli-v2.0.7.expected: 64 required modules (.info, .zip) and 1241 go.mod files. */
    private static final int DOWNLOADS = 64 + 64 + 1241;

    @TempDir
    Path work;

    @Test
    void planListsTheModuleCacheAsGomodEntriesFromTheUsersProxy() throws Exception {
        Path module = copyOfMongodb();
        CliRunner r = CliRunner.runWith(env("https://goproxy.example.com/mod,direct"), "plan", "--json",
                "--cache-dir", work.resolve("cache").toString(), "--lockfile", module.resolve("go.mod").toString(), work.toString());

        assertThat(r.status()).as(r.toString()).isZero();
        JsonNode plan = new ObjectMapper().readTree(r.out());
        assertThat(plan.at("/ecosystems/gomod/files").asInt()).isEqualTo(DOWNLOADS);
        assertThat(plan.get("unknownSizes").asInt()).isEqualTo(DOWNLOADS);
        List<String> expected = Files.readAllLines(MONGODB.resolveSibling("mongodb-cli-v2.0.7.expected")).stream()
                .filter(l -> !l.startsWith("#") && (l.endsWith(".zip") || l.endsWith(".mod") || l.endsWith(".info")))
                .map(l -> "/cachi2/output/deps/gomod/pkg/mod/cache/download/" + l).toList();
        List<String> listed = new java.util.ArrayList<>();
        plan.get("entries").forEach(e -> listed.add(e.get("path").asText()));
        assertThat(listed).containsExactlyInAnyOrderElementsOf(expected);
        JsonNode first = plan.get("entries").get(0);
        assertThat(first.get("url").asText()).startsWith("https://goproxy.example.com/mod/");
        assertThat(work.resolve("cache")).doesNotExist();
    }

    @Test
    void aGomodPrefetchInputListsTheSameModuleCacheAsTheLockfile() throws Exception {
        copyOfMongodb();
        CliRunner viaInput = CliRunner.runWith(env("https://goproxy.example.com/mod"), "plan", "--json",
                "--prefetch-input", "{\"type\": \"gomod\", \"path\": \"mongocli\"}", work.toString());
        CliRunner viaLockfile = CliRunner.runWith(env("https://goproxy.example.com/mod"), "plan", "--json",
                "--lockfile", work.resolve("mongocli/go.mod").toString(), work.toString());

        assertThat(viaInput.status()).as(viaInput.toString()).isZero();
        JsonNode plan = new ObjectMapper().readTree(viaInput.out());
        assertThat(plan.at("/ecosystems/gomod/files").asInt()).isEqualTo(DOWNLOADS);
        assertThat(plan.get("entries")).isEqualTo(new ObjectMapper().readTree(viaLockfile.out()).get("entries"));
        assertThat(viaInput.err()).contains("--prefetch-input");
    }

    @Test
    void theSbomOfAGomodInputListsItsModulesAsHermetoDoes() throws Exception {
        copyOfMongodb();
        Path sbom = work.resolve("bom.json");
        CliRunner r = CliRunner.runWith(env("https://goproxy.example.com/mod"), "plan", "--sbom", sbom.toString(),
                "--prefetch-input", "{\"type\": \"gomod\", \"path\": \"mongocli\"}", work.toString());

        assertThat(r.status()).as(r.toString()).isZero();
        List<String> purls = new java.util.ArrayList<>();
        new ObjectMapper().readTree(sbom.toFile()).get("components").forEach(c -> purls.add(c.get("purl").asText()));
        assertThat(purls).hasSize(64).allMatch(p -> p.startsWith("pkg:golang/") && p.endsWith("?type=module"))
                .contains("pkg:golang/github.com/spf13/cobra@v1.10.2?type=module");
    }

    @Test
    void aGomodInputWithoutGoSumNamesTheMissingFile() throws Exception {
        Path module = copyOfMongodb();
        Files.delete(module.resolve("go.sum"));
        CliRunner r = CliRunner.runWith(env(null), "plan", "--prefetch-input", "{\"type\": \"gomod\", \"path\": \"mongocli\"}",
                work.toString());
        assertThat(r.status()).isEqualTo(3);
        assertThat(r.err()).contains("go.sum does not exist");
    }

    @Test
    void aProxyListOfOnlyDirectIsAConfigurationError() throws Exception {
        Path module = copyOfMongodb();
        CliRunner r = CliRunner.runWith(env("direct"), "plan", "--lockfile", module.resolve("go.mod").toString(), work.toString());
        assertThat(r.status()).isEqualTo(6);
        assertThat(r.err()).contains("lazybuild: error: GOPROXY=direct names no module proxy");
    }

    @Test
    void aMalformedGoSumIsALockfileErrorNamingFileAndLine() throws Exception {
        Path module = copyOfMongodb();
        Files.writeString(module.resolve("go.sum"), Files.readString(module.resolve("go.sum")) + "example.com/x v1.0.0\n");
        CliRunner r = CliRunner.runWith(env(null), "plan", "--lockfile", module.resolve("go.mod").toString(), work.toString());
        assertThat(r.status()).isEqualTo(3);
        assertThat(r.err()).contains(module.resolve("go.sum") + ":1313: malformed line");
    }

    private Path copyOfMongodb() throws Exception {
        Path module = Files.createDirectories(work.resolve("mongocli"));
        Files.copy(MONGODB.resolve("go.mod"), module.resolve("go.mod"));
        Files.copy(MONGODB.resolve("go.sum"), module.resolve("go.sum"));
        return module;
    }

    private static Map<String, String> env(String goproxy) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove("GOPROXY");
        if (goproxy != null) {
            env.put("GOPROXY", goproxy);
        }
        return env;
    }
}
