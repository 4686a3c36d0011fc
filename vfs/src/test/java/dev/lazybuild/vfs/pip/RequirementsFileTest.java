package dev.lazybuild.vfs.pip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lazybuild.vfs.lockfile.LockfileException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Requirements files read as Hermeto's requirements.py reads them; every refusal names file, line and reason. */
class RequirementsFileTest {
    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);
    private static final String REF = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path dir;

    private RequirementsFile read(String content) throws IOException {
        Path file = dir.resolve("requirements.txt");
        Files.writeString(file, content);
        RequirementsFile r = RequirementsFile.read(file);
        r.validate();
        return r;
    }

    @Test
    void continuationLinesCommentsAndMarkersMakeOneRequirementPerLogicalLine() throws IOException {
        RequirementsFile r = read("""
                # a comment line
                --index-url https://packages.example.com/api/pypi/simple/
                aiohttp==3.14.3 ; python_full_version == '3.12.*' and sys_platform == 'linux' \\
                    --hash=sha256:%s \\
                    --hash sha256:%s
                Foo_Bar[extra1, extra2]===1.0 --hash=sha256:%s  # trailing comment
                """.formatted(A, B, A));
        assertThat(r.requirements()).hasSize(2);
        Requirement aiohttp = r.requirements().get(0);
        assertThat(aiohttp.line()).isEqualTo(3);
        assertThat(aiohttp.kind()).isEqualTo(Requirement.Kind.PYPI);
        assertThat(aiohttp.pinnedVersion()).isEqualTo("3.14.3");
        assertThat(aiohttp.marker()).isEqualTo("python_full_version == '3.12.*' and sys_platform == 'linux'");
        assertThat(aiohttp.hashes()).containsExactly("sha256:" + A, "sha256:" + B);
        Requirement foo = r.requirements().get(1);
        assertThat(foo.name()).isEqualTo("foo-bar");
        assertThat(foo.pinnedVersion()).isEqualTo("1.0");
        assertThat(foo.line()).isEqualTo(6);
        assertThat(foo.hashes()).containsExactly("sha256:" + A);
        assertThat(r.options()).containsExactly(new RequirementsFile.Option(2, "--index-url",
                "https://packages.example.com/api/pypi/simple/"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void readsWhatHermetoReads(String what, String content, Requirement.Kind kind, String name, String version, List<String> hashes) throws IOException {
        Requirement r = read(content).requirements().get(0);
        assertThat(r.kind()).isEqualTo(kind);
        assertThat(r.name()).isEqualTo(name);
        assertThat(r.pinnedVersion()).isEqualTo(version);
        assertThat(r.hashes()).isEqualTo(hashes);
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("pinned", "aiowsgi==0.7\n", Requirement.Kind.PYPI, "aiowsgi", "0.7", List.of()),
                Arguments.of("arbitrary equality", "aiowsgi===0.7-custom\n", Requirement.Kind.PYPI, "aiowsgi", "0.7-custom", List.of()),
                Arguments.of("parenthesised specifier", "aiowsgi (==0.7)\n", Requirement.Kind.PYPI, "aiowsgi", "0.7", List.of()),
                Arguments.of("--hash=value", "a==1 --hash=sha256:" + A + "\n", Requirement.Kind.PYPI, "a", "1", List.of("sha256:" + A)),
                Arguments.of("--hash value", "a==1 --hash sha256:" + A + "\n", Requirement.Kind.PYPI, "a", "1", List.of("sha256:" + A)),
                Arguments.of("CRLF line ends", "a==1 \\\r\n --hash=sha256:" + A + "\r\n", Requirement.Kind.PYPI, "a", "1", List.of("sha256:" + A)),
                Arguments.of("last line ends in a backslash", "a==1 --hash=sha256:" + A + " \\", Requirement.Kind.PYPI, "a", "1", List.of("sha256:" + A)),
                Arguments.of("'#' inside a URL is no comment", "foo @ https://e.org/foo-1.0.tar.gz#egg=foo --hash=sha256:" + A + "\n",
                        Requirement.Kind.URL, "foo", null, List.of("sha256:" + A)),
                Arguments.of("name from #egg=", "https://e.org/x/foo-1.0.tar.gz#egg=Foo.Bar --hash=sha256:" + A + "\n",
                        Requirement.Kind.URL, "foo-bar", null, List.of("sha256:" + A)),
                Arguments.of("URL with a marker", "foo @ https://e.org/foo-1.0-py3-none-any.whl ; python_version > '3' --hash=sha256:" + A + "\n",
                        Requirement.Kind.URL, "foo", null, List.of("sha256:" + A)),
                Arguments.of("git with a full commit", "foo @ git+https://github.com/o/foo@" + REF + "\n",
                        Requirement.Kind.VCS, "foo", null, List.of()),
                Arguments.of("ignored global options", "--pre\n--prefer-binary\n--no-binary :all:\n--trusted-host e.org\n--require-hashes\n"
                        + "a==1 --hash=sha256:" + A + "\n", Requirement.Kind.PYPI, "a", "1", List.of("sha256:" + A)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusesWhatHermetoRefusesNamingFileAndLine(String what, String content, int line, String reason) throws IOException {
        Path file = dir.resolve("requirements.txt");
        Files.write(file, content.getBytes(StandardCharsets.ISO_8859_1));
        LockfileException e = catchThrowableOfType(() -> {
            RequirementsFile r = RequirementsFile.read(file);
            r.validate();
            r.indexUrl(Map.of());
        }, LockfileException.class);
        assertThat(e).as(what).isNotNull();
        assertThat(e.getMessage()).startsWith(file + ": " + (line > 0 ? "line " + line + ": " : "")).contains(reason);
    }

    static Stream<Arguments> refused() {
        String url = "foo @ https://e.org/foo-1.0.tar.gz";
        return Stream.of(
                Arguments.of("unknown option", "a==1\n--spam\n", 2, "Unknown requirements file option '--spam'"),
                Arguments.of("value for a flag", "--prefer-binary=spam\n", 1, "Unexpected value for requirements file option '--prefer-binary=spam'"),
                Arguments.of("option without its value", "--only-binary\n", 1, "Requirements file option '--only-binary' requires a value"),
                Arguments.of("--hash without value", "aiowsgi --hash\n", 1, "Requirements file option '--hash' requires a value"),
                Arguments.of("-e alone", "-e\n", 1, "Requirements file option(s) ['-e'] can only be applied to a requirement"),
                Arguments.of("--hash on a line of its own", "a==1\n    --hash=sha256:" + A + "\n", 2, "can only be applied to a requirement"),
                Arguments.of("two requirements on a line", "aiowsgi==0.7 asn1crypto==1.3.0\n", 1,
                        "Unable to parse the requirement 'aiowsgi==0.7 asn1crypto==1.3.0'"),
                Arguments.of("two '@' before the scheme", "cnr_server@foo@https://github.com/quay/appr/archive/58c88e49.tar.gz\n", 1,
                        "Unable to extract scheme from direct access requirement"),
                Arguments.of("file: URL", "pip @ file:///localbuilds/pip-1.3.1.zip\n", 1, "Direct references with 'file' scheme are not supported"),
                Arguments.of("URL without a name", "https://github.com/quay/appr/archive/58c88e49.tar.gz\n", 1,
                        "Dependency name could not be determined from the requirement"),
                Arguments.of("empty #egg=", "https://github.com/quay/appr/archive/58c88e49.tar.gz#egg=\n", 1,
                        "Dependency name could not be determined"),
                Arguments.of("--extra-index-url", "--extra-index-url https://e.org/simple\na==1\n", 1,
                        "does not support the following options: --extra-index-url"),
                Arguments.of("--no-index", "a==1\n--no-index\n", 2, "does not support the following options: --no-index"),
                Arguments.of("-f", "-f https://e.org/links\n", 1, "does not support the following options: -f"),
                Arguments.of("--find-links", "--find-links=https://e.org/links\n", 1, "does not support the following options: --find-links"),
                Arguments.of("--only-binary", "--only-binary :all:\n", 1, "does not support the following options: --only-binary"),
                Arguments.of("unpinned", "a==1\nb>=1.0\n", 2, "Requirement must be pinned to an exact version: b>=1.0"),
                Arguments.of("no version", "b\n", 1, "Requirement must be pinned to an exact version: b"),
                Arguments.of("two specifiers", "b==1.0,!=2\n", 1, "must be pinned to an exact version"),
                Arguments.of("not git", "foo @ hg+https://e.org/foo@" + REF + "\n", 1, "Unsupported VCS for foo @ hg+https://e.org/foo@" + REF + ": hg+https (only git is supported)"),
                Arguments.of("git without a full commit", "foo @ git+https://github.com/o/foo@main\n", 1, "No git ref in foo @ git+https://github.com/o/foo@main"),
                Arguments.of("URL without a hash", url + "\n", 1, "URL requirement must specify exactly one hash, but specifies 0"),
                Arguments.of("URL with two hashes", url + " --hash=sha256:" + A + " --hash=sha256:" + B + "\n", 1, "but specifies 2"),
                Arguments.of("URL without a file extension", "foo @ https://e.org/foo --hash=sha256:" + A + "\n", 1,
                        "URL for requirement does not contain any recognized file extension"),
                Arguments.of("one hash makes all required", "a==1 --hash=sha256:" + A + "\nb==2\n", 2, "Hash is required, dependency does not specify any: b==2"),
                Arguments.of("git in a hashed file", "a==1 --hash=sha256:" + A + "\nfoo @ git+https://github.com/o/foo@" + REF + "\n", 2,
                        "VCS requirements are not supported in hash-locked requirements files"),
                Arguments.of("hash without algorithm", "a==1 --hash=" + A + "\n", 1, "Not a valid hash specifier"),
                Arguments.of("index not http", "--index-url ftp://e.org/simple\na==1\n", 1, "--index-url must use http or https scheme, got: ftp"),
                Arguments.of("index with credentials", "-i https://user:secret@e.org/simple/\na==1\n", 1,
                        "--index-url must not contain embedded credentials"),
                Arguments.of("index without host", "--index-url https:///simple/\na==1\n", 1, "--index-url must include a host"),
                Arguments.of("not UTF-8", "a==1 # caf\u00e9\n", 0, "not UTF-8 text"));
    }

    @Test
    void indexUrlComesFromTheFileThenPipIndexUrlThenPyPI() throws IOException {
        RequirementsFile withOption = read("-i https://one.example/simple\n--index-url=https://two.example/simple/\na==1\n");
        assertThat(withOption.indexUrl(Map.of("PIP_INDEX_URL", "https://env.example/simple/")))
                .isEqualTo(URI.create("https://two.example/simple/"));
        RequirementsFile without = read("a==1\n");
        assertThat(without.indexUrl(Map.of("PIP_INDEX_URL", " https://env.example/simple/ "))).isEqualTo(URI.create("https://env.example/simple/"));
        assertThat(without.indexUrl(Map.of())).isEqualTo(RequirementsFile.PYPI);
        LockfileException e = catchThrowableOfType(() -> without.indexUrl(Map.of("PIP_INDEX_URL", "https://u:p@env.example/")),
                LockfileException.class);
        assertThat(e.getMessage()).contains("PIP_INDEX_URL must not contain embedded credentials");
    }

    @Test
    void requirementAndConstraintFilesAreIgnoredWithAWarningNamingTheLine() throws IOException {
        RequirementsFile r = read("a==1\n-r other.txt\n--constraint constraints.txt\n");
        assertThat(r.requirements()).hasSize(1);
        assertThat(r.warnings()).containsExactly(
                dir.resolve("requirements.txt") + ": line 2: '-r other.txt' is ignored: lazybuild, like Hermeto, does not follow it "
                        + "(name that file in requirements_files)",
                dir.resolve("requirements.txt") + ": line 3: '--constraint constraints.txt' is ignored: lazybuild, like Hermeto, "
                        + "does not follow it (name that file in requirements_files)");
    }
}
