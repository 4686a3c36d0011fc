package dev.lazybuild.vfs.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lazybuild.vfs.input.PackageInput.PipBinary;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PrefetchInputTest {
    private static final String FLAG = "--prefetch-input";

    @Test
    void aBareNameIsOnePackageAtTheRoot() {
        assertThat(PrefetchInput.parse("npm", FLAG).packages()).containsExactly(new PackageInput.Npm("."));
    }

    @Test
    void anObjectAListAndPackagesWithFlagsAreTheSameInput() {
        PrefetchInput object = PrefetchInput.parse("{\"type\": \"rpm\", \"path\": \"prefetch-input/odh\"}", FLAG);
        PrefetchInput list = PrefetchInput.parse("[{\"type\": \"rpm\", \"path\": \"prefetch-input/odh/\"}]", FLAG);
        PrefetchInput wrapped = PrefetchInput.parse(
                "{\"packages\": [{\"type\": \"rpm\", \"path\": \"./prefetch-input//odh\"}], \"flags\": []}", FLAG);
        assertThat(object).isEqualTo(list).isEqualTo(wrapped);
        assertThat(object.packages()).containsExactly(new PackageInput.Rpm("prefetch-input/odh", false, Map.of(), null, null));
    }

    @Test
    void spacesInsideBinaryFiltersDoNotMakeInputsDiffer() {
        // notebooks' push and pull-request runs of four components differ only so.
        PrefetchInput push = PrefetchInput.parse("""
                {"type": "pip", "path": "runtimes/minimal", "requirements_files": ["requirements.cpu.txt"],
                 "binary": {"arch": "x86_64,aarch64,ppc64le,s390x"}}""", FLAG);
        PrefetchInput pullRequest = PrefetchInput.parse("""
                {"type": "pip", "path": "runtimes/minimal", "requirements_files": ["requirements.cpu.txt"],
                 "binary": {"arch": "x86_64, aarch64, ppc64le, s390x, aarch64, "}}""", FLAG);
        assertThat(push).isEqualTo(pullRequest);
        PackageInput.Pip pip = (PackageInput.Pip) push.packages().get(0);
        assertThat(pip.binary()).isEqualTo(new PipBinary(":all:", "x86_64,aarch64,ppc64le,s390x", "linux", null, "cp",
                ":all:", null));
        assertThat(pip.requirementsFiles()).containsExactly("requirements.cpu.txt");
        assertThat(pip.requirementsBuildFiles()).isNull();
    }

    @Test
    void differentArchListsAreDifferentInputs() {
        assertThat(PrefetchInput.parse("{\"type\": \"pip\", \"binary\": {\"arch\": \"x86_64,aarch64\"}}", FLAG))
                .isNotEqualTo(PrefetchInput.parse("{\"type\": \"pip\", \"binary\": {\"arch\": \"x86_64\"}}", FLAG));
    }

    @Test
    void allowBinaryBecomesHermetosBinaryDefaultsAndBinaryWinsOverIt() {
        PackageInput.Pip legacy = (PackageInput.Pip) PrefetchInput.parse("{\"type\": \"pip\", \"allow_binary\": true}", FLAG)
                .packages().get(0);
        assertThat(legacy.binary()).isEqualTo(PipBinary.ALLOW_BINARY);
        PackageInput.Pip both = (PackageInput.Pip) PrefetchInput.parse(
                "{\"type\": \"pip\", \"allow_binary\": true, \"binary\": {}}", FLAG).packages().get(0);
        assertThat(both.binary()).isEqualTo(PipBinary.DEFAULTS);
    }

    @Test
    void rpmDnfOptionsAreKeptAsConfigParserWritesThem() {
        PackageInput.Rpm rpm = (PackageInput.Rpm) PrefetchInput.parse("""
                {"type": "rpm", "options": {"dnf": {"ubi-9-baseos": {"gpgcheck": 0, "sslverify": false, "x": "y"}},
                 "ssl": {"ssl_verify": false}}, "binary": {"arch": " x86_64 ,aarch64"}}""", FLAG).packages().get(0);
        assertThat(rpm.dnfOptions()).isEqualTo(Map.of("ubi-9-baseos", Map.of("gpgcheck", "0", "sslverify", "False", "x", "y")));
        assertThat(rpm.ssl()).isEqualTo(new PackageInput.SslOptions(null, null, null, false));
        assertThat(rpm.binaryArch()).isEqualTo("x86_64,aarch64");
    }

    @Test
    void theSamePackageTwiceIsOnePackage() {
        PrefetchInput input = PrefetchInput.parse("[{\"type\": \"npm\", \"path\": \"a\"}, {\"type\": \"npm\", \"path\": \"a/\"}, "
                + "{\"type\": \"generic\", \"path\": \"a\"}]", FLAG);
        assertThat(input.packages()).hasSize(2);
        assertThat(input.types()).containsExactly("npm", "generic");
    }

    @Test
    void typesLazybuildDoesNotReadAreKeptForAClearErrorLater() {
        assertThat(PrefetchInput.parse("[{\"type\": \"cargo\"}, {\"type\": \"gomod\", \"path\": \"m\"}]", FLAG).packages())
                .containsExactly(new PackageInput.Unsupported("cargo", "."), new PackageInput.Gomod("m"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"type": "pip", "path": "/etc"}                                | packages[0] (pip).path: path must be relative: /etc
            {"type": "pip", "path": "a/../../b"}                           | packages[0] (pip).path: path contains ..: a/../../b
            {"type": "pip", "requirements_files": ["../r.txt"]}            | packages[0] (pip).requirements_files[0]: path contains ..
            {"type": "pip", "requirements_files": null}                    | packages[0] (pip).requirements_files: none is not an allowed value
            {"type": "pip", "binary": {"arch": " , "}}                     | packages[0] (pip).binary.arch: Binary filter cannot contain only empty values
            {"type": "pip", "binary": {"arch": ["x86_64"]}}                | packages[0] (pip).binary.arch: Binary filter must be a string, got a list
            {"type": "pip", "binary": {"platform": "(", "os": "linux"}}    | packages[0] (pip).binary.platform: Invalid platform regex: (
            {"type": "pip", "binary": {"platform": "x", "arch": "aarch64"}} | Use either 'platform' (regex pattern) or 'os' with 'arch', but not both.
            {"type": "pip", "binary": {"py_version": "three"}}             | packages[0] (pip).binary.py_version: expected an integer
            {"type": "pip", "allow_binary": "maybe"}                       | packages[0] (pip).allow_binary: expected a boolean
            {"type": "npm", "lockfile": "x"}                               | packages[0] (npm): unknown key 'lockfile'
            {"type": "generic", "lockfile": "/etc/passwd"}                 | lazybuild takes a lockfile path relative to the package path
            {"type": "rpm", "options": {"dnf": {"repo": "gpgcheck=0"}}}     | packages[0] (rpm).options.dnf.repo: expected an object
            {"type": "rpm", "options": {"dnf": {"r]\\n[x": {}}}}            | not a repoid dnf accepts
            {"type": "rpm", "options": {"dnf": {"r": {"a=b": 1}}}}          | 'a=b' is not a dnf option name
            {"type": "rpm", "options": {"dnf": {"r": {"a": "1\\n[x]"}}}}    | cannot contain a line break
            {"type": "rpm", "options": {"ssl": {"client_cert": "c"}}}       | client_key and client_cert must both be provided
            {"type": "rpm", "options": {"yum": {}}}                        | packages[0] (rpm).options: unknown key 'yum'
            {"type": "bower"}                                              | packages[0]: unknown package manager type 'bower'
            {"path": "a"}                                                  | packages[0]: 'type' is missing
            {"type": 3}                                                    | packages[0].type: expected a string, got integer 3
            []                                                             | packages: at least one package must be defined, got an empty list
            {"packages": [{"type": "npm"}], "flagz": []}                   | input: unknown key 'flagz'
            {"packages": [{"type": "npm"}], "flags": ["fast"]}             | flags[0]: unknown flag 'fast'
            [{"type": "generic", "path": "a"}, {"type": "generic", "path": "a", "lockfile": "b.yaml"}] | packages[1]: conflicts with an earlier generic package at path 'a'
            {"type": "npm", "type": "pip"}                                 | not valid JSON: Duplicate field 'type'
            [{"type": "npm"}                                               | not valid JSON
            """)
    void hermetoRefusalsAreOneClearErrorNamingTheSourceAndEntry(String json, String message) {
        assertThatThrownBy(() -> PrefetchInput.parse(json, FLAG))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith(FLAG + ": ")
                .hasMessageContaining(message);
    }

    @Test
    void hostileSizesAndDepthsAreRefusedWithoutAStackOverflow() {
        assertThatThrownBy(() -> PrefetchInput.parse("[".repeat(100_000), FLAG)).isInstanceOf(InputException.class);
        assertThatThrownBy(() -> PrefetchInput.parse("\"" + "x".repeat(PrefetchInput.MAX_TEXT_CHARS) + "\"", FLAG))
                .isInstanceOf(InputException.class).hasMessageContaining("longer than");
        assertThatThrownBy(() -> PrefetchInput.of(42, FLAG)).isInstanceOf(InputException.class)
                .hasMessageContaining("got integer 42");
    }

    @Test
    void aYamlListFromAPipelineRunIsReadLikeJson() {
        Object yamlValue = List.of(Map.of("type", "rpm", "path", "prefetch-input/odh"),
                Map.of("type", "pip", "path", "p", "binary", Map.of("arch", "x86_64, aarch64")));
        assertThat(PrefetchInput.of(yamlValue, "run")).isEqualTo(PrefetchInput.parse(
                "[{\"type\": \"rpm\", \"path\": \"prefetch-input/odh\"}, {\"type\": \"pip\", \"path\": \"p\", "
                        + "\"binary\": {\"arch\": \"x86_64,aarch64\"}}]", FLAG));
    }
}
