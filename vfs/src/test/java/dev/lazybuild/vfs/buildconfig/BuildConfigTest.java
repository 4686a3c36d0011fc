package dev.lazybuild.vfs.buildconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lazybuild.vfs.lockfile.LockfileException;
import dev.lazybuild.vfs.lockfile.Lockfiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

class BuildConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Hermeto's out/.build-config.yaml of each scenario, byte for byte in every template. */
    @ParameterizedTest
    @ValueSource(strings = {"npm_bundled_lockfile3", "npm_yarn_registry_lockfile3", "rpm_e2e", "generic_e2e"})
    void projectFilesAndVariablesAreHermetosForTheSameInputs(String scenario) throws Exception {
        Path dir = Path.of("src/test/resources/hermeto-scenarios", scenario);
        Path in = dir.resolve("in").toAbsolutePath();
        List<Path> lockfiles = Lockfiles.discover(in);
        BuildConfig config = BuildConfigs.of(lockfiles, Lockfiles.read(lockfiles, "x86_64"));

        Map<?, ?> expected = new Yaml().load(Files.readString(dir.resolve("out/.build-config.yaml")));
        Map<String, String> expectedFiles = new LinkedHashMap<>();
        for (Object f : (List<?>) expected.get("project_files")) {
            Map<?, ?> file = (Map<?, ?>) f;
            expectedFiles.put(((String) file.get("abspath")).replace("${test_case_tmp_path}", in.toString()),
                    (String) file.get("template"));
        }
        Map<String, String> actualFiles = new LinkedHashMap<>();
        config.projectFiles().forEach(f -> actualFiles.put(f.abspath(), f.template()));
        assertThat(actualFiles).isEqualTo(expectedFiles);
        assertThat(config.environmentVariables()).isEqualTo(List.of());

        JsonNode written = JSON.readTree(config.toJson());
        assertThat(written.path("project_files").size()).isEqualTo(expectedFiles.size());
        assertThat(written.has("environment_variables")).isTrue();
    }

    @Test
    void pipDeclaresHermetosVariablesWithTheOutputDirPlaceholder(@TempDir Path dir) throws Exception {
        Path pylock = Files.writeString(dir.resolve("pylock.toml"), """
                lock-version = "1.0"
                [[packages]]
                name = "six"
                version = "1.16.0"
                [[packages.wheels]]
                url = "https://files.example/six-1.16.0-py2.py3-none-any.whl"
                hashes = {sha256 = "8abb2f1d86890a2dfb989f9a77cfcfd3e47c2a354b01111771326f8aa26e0254"}
                """);
        BuildConfig config = BuildConfigs.of(List.of(pylock), Lockfiles.read(List.of(pylock), "x86_64"));

        assertThat(config.toJson()).isEqualTo("""
                {
                  "environment_variables": [
                    {
                      "name": "PIP_FIND_LINKS",
                      "value": "${output_dir}/deps/pip"
                    },
                    {
                      "name": "PIP_NO_INDEX",
                      "value": "true"
                    }
                  ],
                  "project_files": []
                }""");
    }

    @Test
    void aPackageJsonThatIsNotJsonIsNamedInTheError(@TempDir Path dir) throws Exception {
        Path lock = Files.writeString(dir.resolve("package-lock.json"), """
                {"name": "p", "version": "1.0.0", "lockfileVersion": 3, "packages": {"": {"name": "p"}}}
                """);
        Files.writeString(dir.resolve("package.json"), "{not json");

        assertThatThrownBy(() -> BuildConfigs.of(List.of(lock), Lockfiles.read(List.of(lock), "x86_64")))
                .isInstanceOf(LockfileException.class)
                .hasMessageStartingWith(dir.resolve("package.json") + ": cannot read: ");
    }
}
