package dev.lazybuild.vfs.inject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lazybuild.vfs.input.InputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.Yaml;

class NpmInjectionTest {
    private static final String TMP = "${test_case_tmp_path}/";

    /**
     * Hermeto's own npm integration scenarios (testdata/hermeto-npm-scenarios, see SOURCE.md there):
     * every file its inject-files writes, byte for byte, and no other.
     */
    @TestFactory
    List<DynamicTest> hermetosNpmScenariosAreRewrittenByteForByte() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> s = Files.list(scenarios())) {
            for (Path scenario : s.filter(Files::isDirectory).sorted().toList()) {
                Map<String, Object> config = new Yaml().load(Files.readString(scenario.resolve("build-config.yaml")));
                @SuppressWarnings("unchecked")
                List<Map<String, String>> projectFiles = (List<Map<String, String>>) config.get("project_files");
                TreeSet<String> expectedFiles = new TreeSet<>();
                for (Map<String, String> pf : projectFiles) {
                    String relative = pf.get("abspath").substring(TMP.length());
                    expectedFiles.add(relative);
                    tests.add(DynamicTest.dynamicTest(scenario.getFileName() + "/" + relative, () -> {
                        byte[] in = Files.readAllBytes(scenario.resolve("in").resolve(relative));
                        byte[] out = relative.endsWith("package-lock.json")
                                ? NpmInjection.lockfile(in, "${output_dir}", relative)
                                : NpmInjection.packageJson(in, relative);
                        assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo(pf.get("template"));
                    }));
                }
                tests.add(DynamicTest.dynamicTest(scenario.getFileName() + ": the files rewritten", () ->
                        assertThat(rewrittenFiles(scenario.resolve("in"))).isEqualTo(expectedFiles)));
            }
        }
        assertThat(tests).hasSizeGreaterThan(30);
        return tests;
    }

    /** What lazybuild will rewrite for the npm packages of a scenario: each lockfile, its package.json and its workspaces'. */
    private static TreeSet<String> rewrittenFiles(Path in) throws IOException {
        TreeSet<String> files = new TreeSet<>();
        try (Stream<Path> s = Files.walk(in)) {
            for (Path lock : s.filter(p -> p.getFileName().toString().equals("package-lock.json")).toList()) {
                Path dir = lock.getParent();
                String prefix = in.relativize(dir).toString().isEmpty() ? "" : in.relativize(dir) + "/";
                files.add(prefix + "package-lock.json");
                files.add(prefix + "package.json");
                NpmInjection.workspaces(Files.readAllBytes(lock), "lock").forEach(w -> files.add(prefix + w + "/package.json"));
            }
        }
        return files;
    }

    @Test
    void anHttpsTarballGoesUnderExternalAndARegistryOneByNameAndVersion() {
        String sha512 = "sha512-" + java.util.Base64.getEncoder().encodeToString(new byte[64]);
        String lock = """
                {"lockfileVersion": 3, "packages": {
                  "": {"name": "app", "dependencies": {"a": "^1.0.0", "tar": "https://example.com/t.tgz", "gh": "user/repo"}},
                  "node_modules/@s/a": {"version": "1.0.0", "resolved": "https://registry.npmjs.org/@s/a/-/a-1.0.0.tgz",
                    "integrity": "%s"},
                  "node_modules/tar": {"version": "2.0.0", "resolved": "https://example.com/t.tgz",
                    "integrity": "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= %s"},
                  "node_modules/local": {"version": "0.1.0", "resolved": "file:../local"},
                  "packages/w": {"name": "w"},
                  "node_modules/w": {"resolved": "packages/w", "link": true},
                  "node_modules/bundled": {"version": "1.0.0", "inBundle": true}
                }}""".formatted(sha512, sha512);
        String out = new String(NpmInjection.lockfile(lock.getBytes(StandardCharsets.UTF_8), "/cachi2/output", "l"),
                StandardCharsets.UTF_8);
        assertThat(out).contains("\"resolved\": \"file:///cachi2/output/deps/npm/s-a-1.0.0.tgz\"")
                .contains("\"resolved\": \"file:///cachi2/output/deps/npm/external-tar/tar-external-sha512-" + "00".repeat(64) + ".tgz\"")
                .contains("\"resolved\": \"file:../local\"")
                .contains("\"tar\": \"\"").contains("\"gh\": \"\"").contains("\"a\": \"^1.0.0\"")
                .endsWith("}\n");
    }

    @Test
    void pythonsJsonDumpsIsMatchedForNumbersAndNonAscii() {
        String in = "{\"a\": [1.0, 1e16, 1e15, 0.0001, 1e-05, -0.0, 123456789012345678901234567890, 2.5E3, []],"
                + " \"b\": \"caf\u00e9 \ud83d\ude00 \\u0007\", \"c\": {}}";
        assertThat(PythonJson.dumps(PythonJson.read(in.getBytes(StandardCharsets.UTF_8), "x"))).isEqualTo("""
                {
                  "a": [
                    1.0,
                    1e+16,
                    1000000000000000.0,
                    0.0001,
                    1e-05,
                    -0.0,
                    123456789012345678901234567890,
                    2500.0,
                    []
                  ],
                  "b": "caf\\u00e9 \\ud83d\\ude00 \\u0007",
                  "c": {}
                }""");
        assertThat(PythonJson.floatRepr(0.1 + 0.2)).isEqualTo("0.30000000000000004");
        assertThat(PythonJson.floatRepr(1.5e300)).isEqualTo("1.5e+300");
    }

    @Test
    void hostileFilesAreOneClearErrorNamingTheFile() {
        assertThatThrownBy(() -> NpmInjection.lockfile("{\"lockfileVersion\": 3, \"a\": 1, \"a\": 2}".getBytes(), "/o", "p/package-lock.json"))
                .isInstanceOf(InputException.class).hasMessageStartingWith("p/package-lock.json: not valid JSON: Duplicate field 'a'");
        assertThatThrownBy(() -> NpmInjection.lockfile("{\"lockfileVersion\": 1}".getBytes(), "/o", "p/package-lock.json"))
                .hasMessage("p/package-lock.json: lockfileVersion 1 is not supported; Hermeto reads 2 and 3");
        assertThatThrownBy(() -> NpmInjection.packageJson("[".repeat(5000).getBytes(), "p/package.json"))
                .isInstanceOf(InputException.class).hasMessageStartingWith("p/package.json: not valid JSON");
        assertThatThrownBy(() -> NpmInjection.lockfile(("{\"lockfileVersion\": 3, \"packages\": {\"node_modules/x\": "
                + "{\"version\": \"1\", \"resolved\": \"https://e.com/x.tgz\"}}}").getBytes(), "/o", "l"))
                .hasMessage("l: packages[\"node_modules/x\"]: Checksum is mandatory for https dependencies");
    }

    @Test
    void workspacePatternsMatchAsFnmatchDoes() {
        assertThat(NpmInjection.fnmatch("packages/*").matcher("packages/a/b").matches()).isTrue();
        assertThat(NpmInjection.fnmatch("pkg-[!x]").matcher("pkg-y").matches()).isTrue();
        assertThat(NpmInjection.fnmatch("pkg-[!x]").matcher("pkg-x").matches()).isFalse();
        assertThat(NpmInjection.fnmatch("a.b").matcher("axb").matches()).isFalse();
    }

    private static Path scenarios() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("testdata/hermeto-npm-scenarios"))) {
                return p.resolve("testdata/hermeto-npm-scenarios");
            }
        }
        throw new IllegalStateException("testdata/hermeto-npm-scenarios not found");
    }
}
