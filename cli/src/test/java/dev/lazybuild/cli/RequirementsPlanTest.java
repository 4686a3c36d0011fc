package dev.lazybuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lazybuild.cli.command.ExitCode;
import dev.lazybuild.testkit.Sdists;
import dev.lazybuild.testkit.SimpleIndex;
import dev.lazybuild.testkit.UpstreamServer;
import dev.lazybuild.testkit.Wheels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code plan --lockfile requirements.txt}: pip entries with URL and size from the index, cached, refusals with exit codes. */
class RequirementsPlanTest {
    @TempDir
    Path work;
    private UpstreamServer server;
    private SimpleIndex index;
    private final byte[] wheel = Wheels.build("demo", "1.0", "x", List.of());
    private final byte[] sdist = Sdists.build("demo", "1.0");

    @BeforeEach
    void startIndex() {
        server = UpstreamServer.start();
        index = new SimpleIndex(server).add("demo", Wheels.fileName("demo", "1.0"), wheel).add("demo", Sdists.fileName("demo", "1.0"), sdist)
                .publish();
    }

    @AfterEach
    void stopIndex() {
        server.close();
    }

    private Path requirements(String firstLines) throws Exception {
        return Files.writeString(work.resolve("requirements.txt"), firstLines + "demo==1.0 \\\n    --hash=sha256:"
                + UpstreamServer.sha256(wheel) + " \\\n    --hash=sha256:" + UpstreamServer.sha256(sdist) + "\n");
    }

    private CliRunner plan(Path requirements, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("plan", "--cache-dir", work.resolve("cache").toString(),
                "--lockfile", requirements.toString()));
        args.addAll(List.of(more));
        args.add(Files.isDirectory(work.resolve("context")) ? work.resolve("context").toString() : work.toString());
        return CliRunner.runWith(Map.of(), args.toArray(String[]::new));
    }

    @Test
    void jsonPlanListsPipEntriesWithUrlAndSizeAndASecondPlanAsksTheIndexNothing() throws Exception {
        Path file = requirements("--index-url " + index.jsonIndex() + "\n-r other.txt\n");
        CliRunner r = plan(file, "--json");

        assertThat(r.status()).as(r.toString()).isZero();
        JsonNode plan = new ObjectMapper().readTree(r.out());
        assertThat(plan.at("/ecosystems/pip/files").asInt()).isEqualTo(2);
        assertThat(plan.at("/ecosystems/pip/bytes").asLong()).isEqualTo(wheel.length + sdist.length);
        JsonNode entry = plan.get("entries").get(1); // in path order: '-' before '.'
        assertThat(entry.get("path").asText()).isEqualTo("/cachi2/output/deps/pip/" + Sdists.fileName("demo", "1.0"));
        assertThat(entry.get("url").asText()).isEqualTo(server.url(SimpleIndex.filePath(Sdists.fileName("demo", "1.0"))).toString());
        assertThat(entry.get("size").asLong()).isEqualTo(sdist.length);
        assertThat(entry.get("ecosystem").asText()).isEqualTo("pip");
        assertThat(entry.get("origin").asText()).isEqualTo("requirements.txt:3 (demo==1.0)");
        assertThat(r.err()).contains(file + ": line 2: '-r other.txt' is ignored");
        assertThat(server.requests()).extracting(UpstreamServer.Request::path).containsExactly("/json/demo/");

        server.clearLog();
        CliRunner again = plan(file, "--json");
        assertThat(again.status()).as(again.toString()).isZero();
        assertThat(again.out()).isEqualTo(r.out());
        assertThat(server.requests()).as("the resolution cache answers").isEmpty();
    }

    @Test
    void aPipPrefetchInputResolvesItsRequirementsFilesWithHermetosBinaryFilter() throws Exception {
        Path context = Files.createDirectories(work.resolve("context"));
        Path app = Files.createDirectories(context.resolve("app"));
        Files.move(requirements("--index-url " + index.jsonIndex() + "\n"), app.resolve("requirements.cpu.txt"));
        String input = "{\"type\": \"pip\", \"path\": \"app\", \"requirements_files\": [\"requirements.cpu.txt\"],"
                + " \"requirements_build_files\": []}";
        CliRunner sdistsOnly = CliRunner.runWith(Map.of(), "plan", "--json", "--cache-dir", work.resolve("cache").toString(),
                "--prefetch-input", input, context.toString());
        assertThat(sdistsOnly.status()).as(sdistsOnly.toString()).isZero();
        JsonNode plan = new ObjectMapper().readTree(sdistsOnly.out());
        assertThat(plan.at("/ecosystems/pip/files").asInt()).as("no binary option: sdists only, as Hermeto").isEqualTo(1);
        assertThat(plan.get("entries").get(0).get("path").asText()).endsWith(Sdists.fileName("demo", "1.0"));

        String withBinary = input.replace("}", ", \"binary\": {\"arch\": \"x86_64\"}}");
        CliRunner binaries = CliRunner.runWith(Map.of(), "plan", "--json", "--cache-dir", work.resolve("cache").toString(),
                "--prefetch-input", withBinary, context.toString());
        assertThat(binaries.status()).as(binaries.toString()).isZero();
        assertThat(new ObjectMapper().readTree(binaries.out()).at("/ecosystems/pip/files").asInt()).isEqualTo(2);
    }

    @Test
    void theSbomOfAPipInputListsTheRequirementsOfItsRenamedRequirementsFile() throws Exception {
        Path context = Files.createDirectories(work.resolve("context"));
        Path app = Files.createDirectories(context.resolve("app"));
        Files.move(requirements("--index-url " + index.jsonIndex() + "\n"), app.resolve("requirements.cpu.txt"));
        Path sbom = work.resolve("bom.json");
        CliRunner r = CliRunner.runWith(Map.of(), "plan", "--cache-dir", work.resolve("cache").toString(), "--sbom", sbom.toString(),
                "--prefetch-input", "{\"type\": \"pip\", \"path\": \"app\", \"requirements_files\": [\"requirements.cpu.txt\"]}",
                context.toString());

        assertThat(r.status()).as(r.toString()).isZero();
        List<String> purls = new java.util.ArrayList<>();
        new ObjectMapper().readTree(sbom.toFile()).get("components").forEach(c -> purls.add(c.get("purl").asText()));
        assertThat(purls).containsExactly("pkg:pypi/demo@1.0");
    }

    @Test
    void whatHermetoRefusesIsALockfileErrorNamingFileAndLine() throws Exception {
        Path file = requirements("--extra-index-url " + index.jsonIndex() + "\n");
        CliRunner r = plan(file);
        assertThat(r.status()).isEqualTo(ExitCode.LOCKFILE.code());
        assertThat(r.err()).isEqualTo("lazybuild: error: " + file + ": line 1: lazybuild, like Hermeto, does not support the "
                + "following options: --extra-index-url (it reads one index, the one --index-url names)\n");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void anIndexWithoutTheProjectIsAFetchError() throws Exception {
        Path file = requirements("--index-url " + server.url("/nothing/") + "\n");
        CliRunner r = plan(file);
        assertThat(r.status()).isEqualTo(ExitCode.FETCH.code());
        assertThat(r.err()).isEqualTo("lazybuild: error: PyPI query failed: the index has no project page "
                + server.url("/nothing/demo/") + " (404)\n");
    }

    @Test
    void aRequirementsFileInTheContextIsNotTakenOnItsOwn() throws Exception {
        Files.createDirectories(work.resolve("context"));
        Files.writeString(work.resolve("context/requirements.txt"), "--index-url " + index.jsonIndex() + "\ndemo==1.0\n");
        CliRunner r = CliRunner.runWith(Map.of(), "plan", "--json", "--cache-dir", work.resolve("cache").toString(),
                work.resolve("context").toString());
        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(new ObjectMapper().readTree(r.out()).get("files").asInt()).isZero();
        assertThat(server.requests()).isEmpty();
    }
}
