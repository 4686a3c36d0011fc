package dev.lazybuild.vfs.pip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Hermeto's PipBinaryFilters and WheelsFilter, case by case (its own test cases included). */
class BinaryFilterTest {

    @Test
    void defaultsAreLinuxX86_64CPythonEveryAbiEveryPackage() {
        BinaryFilter f = BinaryFilter.defaults();
        assertThat(f.packages()).isNull();
        assertThat(f.arch()).containsExactly("x86_64");
        assertThat(f.os()).containsExactly("linux");
        assertThat(f.pyImpl()).containsExactly("cp");
        assertThat(f.abi()).isNull();
        assertThat(f.pyVersion()).isNull();
        assertThat(f.platform()).isNull();
    }

    @Test
    void listsAreTrimmedAndAllAnywhereMeansNoFilter() {
        BinaryFilter f = BinaryFilter.fromHermetoInput(Map.of("arch", "x86_64, aarch64 ,ppc64le,", "packages", "NumPy,pandas",
                "os", "linux,:all:"));
        assertThat(f.arch()).containsExactlyInAnyOrder("x86_64", "aarch64", "ppc64le");
        assertThat(f.packages()).containsExactlyInAnyOrder("numpy", "pandas");
        assertThat(f.os()).isNull();
        // Spelling does not change the cache key.
        assertThat(f.key()).isEqualTo(BinaryFilter.fromHermetoInput(Map.of("arch", "ppc64le,aarch64,x86_64", "packages", "pandas,numpy",
                "os", ":all:")).key());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void refusesWhatHermetosSchemaRefuses(String what, Map<String, Object> binary, String reason) {
        assertThatThrownBy(() -> BinaryFilter.fromHermetoInput(binary)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(reason);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("py_version not an integer", Map.of("py_version", 3.12), "py_version: must be an integer"),
                Arguments.of("platform with arch", Map.of("platform", "manylinux.*", "os", "linux", "arch", "aarch64"),
                        "Use either 'platform' (regex pattern) or 'os' with 'arch', but not both."),
                Arguments.of("platform not a regex", Map.of("platform", "*"), "Invalid platform regex: *"),
                Arguments.of("unknown key", Map.of("archs", "x86_64"), "archs: extra inputs are not permitted"),
                Arguments.of("only empty values", Map.of("arch", " , "), "Binary filter cannot contain only empty values"),
                Arguments.of("not a string", Map.of("arch", List.of("x86_64")), "Binary filter must be a string"));
    }

    @Test
    void platformRegexWithDefaultArchAndOsIsAllowed() {
        Map<String, Object> m = new HashMap<>();
        m.put("platform", "manylinux.*");
        m.put("arch", "x86_64");
        BinaryFilter f = BinaryFilter.fromHermetoInput(m);
        assertThat(f.admits("package-1.0.0-cp312-cp312-linux_x86_64.whl")).isFalse();
        assertThat(f.admits("package-1.0.0-cp312-cp312-manylinux_2_28_x86_64.whl")).isTrue();
        assertThat(f.admits("package-1.0.0-cp312-cp312-manylinux_2_28_aarch64.whl")).isTrue();
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @MethodSource("wheels")
    void admitsTheWheelsHermetoAdmits(Map<String, Object> binary, String wheel, boolean admitted) {
        assertThat(BinaryFilter.fromHermetoInput(binary).admits(wheel)).isEqualTo(admitted);
    }

    static Stream<Arguments> wheels() {
        Map<String, Object> macArm = Map.of("arch", "aarch64", "os", "macos");
        Map<String, Object> py312 = Map.of("py_version", 312);
        Map<String, Object> defaults = Map.of();
        return Stream.of(
                Arguments.of(macArm, "package-1.0.0-cp312-cp312-manylinux_2_28_aarch64.whl", false),
                Arguments.of(macArm, "package-1.0.0-cp312-cp312-macos_10_9_x86_64.whl", false),
                Arguments.of(macArm, "package-1.0.0-cp312-cp312-macos_10_9_aarch64.whl", true),
                Arguments.of(py312, "package-1.0.0-cp312-cp312-linux_x86_64.whl", true),
                Arguments.of(py312, "package-1.0.0-cp311-abi3-linux_x86_64.whl", true),
                Arguments.of(py312, "package-1.0.0-cp311-none-linux_x86_64.whl", true),
                Arguments.of(py312, "package-1.0.0-cp311-cp311-linux_x86_64.whl", false),
                Arguments.of(py312, "package-1.0.0-cp313-cp313-linux_x86_64.whl", false),
                Arguments.of(py312, "package-1.0.0-py38.py39.py310-none-any.whl", true),
                Arguments.of(defaults, "foo.whl", false),
                Arguments.of(defaults, "six-1.17.0-py2.py3-none-any.whl", true),
                Arguments.of(defaults, "numpy-2.3.1-cp312-cp312-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl", true),
                Arguments.of(defaults, "numpy-2.3.1-cp312-cp312-manylinux_2_27_aarch64.manylinux_2_28_aarch64.whl", false),
                Arguments.of(defaults, "numpy-2.3.1-pp311-pypy311_pp73-manylinux_2_27_x86_64.whl", false),
                Arguments.of(defaults, "numpy-2.3.1-cp312-cp312-win_amd64.whl", false),
                Arguments.of(defaults, "numpy-2.3.1-cp312-cp312-macosx_14_0_x86_64.whl", false),
                Arguments.of(defaults, "pkg-1.0-1build-cp312-cp312-linux_x86_64.whl", true),
                Arguments.of(defaults, "pkg-1.0-xbuild-cp312-cp312-linux_x86_64.whl", false),
                Arguments.of(Map.of("abi", "cp312"), "pkg-1.0-cp312-cp312t-linux_x86_64.whl", true),
                Arguments.of(Map.of("abi", "cp313"), "pkg-1.0-cp312-cp312-linux_x86_64.whl", false),
                Arguments.of(Map.of("abi", "cp313"), "pkg-1.0-cp312-abi3-linux_x86_64.whl", true),
                Arguments.of(Map.of("py_impl", "pp"), "pkg-1.0-py3-none-any.whl", true),
                Arguments.of(BinaryFilter.allowBinaryMap(), "pkg-1.0-pp311-pypy311_pp73-win_amd64.whl", true));
    }

    @Test
    void strategiesFollowThePackagesField() {
        BinaryFilter all = BinaryFilter.defaults();
        assertThat(all.binaryFor("numpy")).isTrue();
        assertThat(all.onlyBinaryFor("numpy")).isFalse();
        BinaryFilter named = BinaryFilter.fromHermetoInput(Map.of("packages", "NumPy"));
        assertThat(named.binaryFor("numpy")).isTrue();
        assertThat(named.onlyBinaryFor("numpy")).isTrue();
        assertThat(named.binaryFor("pandas")).isFalse();
    }
}
