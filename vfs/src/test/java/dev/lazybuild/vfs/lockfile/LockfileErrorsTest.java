package dev.lazybuild.vfs.lockfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every refusal names the lockfile, the entry and the reason. */
class LockfileErrorsTest {
    private static final String HEX = "ab".repeat(32);
    private static final String SRI = NpmLockReaderTest.SHA512;

    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        return Stream.of(
                // file name, content, the entry the message must name, the reason it must give
                pylock("pip name with '/'", wheel("name = \"a/b-1.0-py3-none-any.whl\", url = \"https://e.org/x.whl\""), "contains '/'"),
                pylock("pip name '..'", wheel("name = \"..\", url = \"https://e.org/x.whl\""), "would leave its directory"),
                pylock("pip name with NUL", wheel("name = \"a\\u0000.whl\", url = \"https://e.org/x.whl\""), "NUL"),
                pylock("pip name with control character", wheel("name = \"a\\u0007.whl\", url = \"https://e.org/x.whl\""), "control character"),
                pylock("pip name empty", wheel("name = \"\", url = \"https://e.org/x.whl\""), "empty"),
                pylock("pip URL not http(s)", wheel("url = \"ftp://e.org/x-1.0-py3-none-any.whl\""), "not http(s)"),
                pylock("pip digest missing", "lock-version = \"1.0\"\n[[packages]]\nname = \"p\"\n"
                        + "wheels = [{ url = \"https://e.org/x-1.0-py3-none-any.whl\" }]\n", "no 'hashes'"),

                npm("npm v1 refused", "{\"lockfileVersion\": 1, \"dependencies\": {}}", "lockfileVersion", "lockfileVersion 1 is not supported"),
                npm("npm name '..' outside the registry", pkg("node_modules/x", "\"name\": \"@s/..\", \"version\": \"1.0.0\", "
                        + "\"resolved\": \"https://e.org/x.tgz\", \"integrity\": \"" + SRI + "\""), "node_modules/x", "would leave its directory"),
                npm("npm name with NUL", pkg("node_modules/x", "\"name\": \"a\\u0000b\", \"version\": \"1.0.0\", "
                        + "\"resolved\": \"https://registry.npmjs.org/x.tgz\", \"integrity\": \"" + SRI + "\""), "node_modules/x", "NUL"),
                npm("npm name with control character", pkg("node_modules/x", "\"name\": \"a\\u001bb\", \"version\": \"1.0.0\", "
                        + "\"resolved\": \"https://registry.npmjs.org/x.tgz\", \"integrity\": \"" + SRI + "\""), "node_modules/x", "control character"),
                npm("npm empty name", pkg("node_modules/x", "\"name\": \"\", \"version\": \"1.0.0\", "
                        + "\"resolved\": \"https://registry.npmjs.org/x.tgz\", \"integrity\": \"" + SRI + "\""), "node_modules/x", "empty"),
                npm("npm URL not http(s)", pkg("node_modules/x", "\"version\": \"1.0.0\", "
                        + "\"resolved\": \"ftp://e.org/x.tgz\", \"integrity\": \"" + SRI + "\""), "node_modules/x", "not http(s)"),
                npm("npm integrity missing", pkg("node_modules/x", "\"version\": \"1.0.0\", "
                        + "\"resolved\": \"https://registry.npmjs.org/x/-/x-1.0.0.tgz\""), "node_modules/x", "no 'integrity'"),
                npm("npm integrity unreadable", pkg("node_modules/x", "\"version\": \"1.0.0\", "
                        + "\"resolved\": \"https://registry.npmjs.org/x/-/x-1.0.0.tgz\", \"integrity\": \"md4-xyz\""), "node_modules/x", "integrity"),
                npm("npm git dependency", pkg("node_modules/x", "\"version\": \"1.0.0\", "
                        + "\"resolved\": \"git+ssh://git@github.com/a/x.git#abc\", \"integrity\": \"" + SRI + "\""), "node_modules/x", "git dependency"),
                npm("npm entry not an object", pkg("node_modules/x", null), "node_modules/x", "not an object"),
                npm("npm resolved not a string", pkg("node_modules/x", "\"version\": \"1.0.0\", \"resolved\": 7"), "node_modules/x", "must be a string"),

                generic("generic filename '..'", artifact("../../etc/passwd"), "../../etc/passwd", "would leave its directory"),
                generic("generic absolute filename", artifact("/etc/passwd"), "/etc/passwd", "must be relative"),
                generic("generic filename with NUL", artifact("\"a\\0b\""), "artifacts[0]", "NUL"),
                generic("generic filename with control character", artifact("\"a\\x07b\""), "artifacts[0]", "control character"),
                generic("generic empty filename", "metadata: {version: '1.0'}\nartifacts:\n"
                        + "  - {download_url: 'https://e.org/dir/', checksum: 'sha256:" + HEX + "'}\n", "artifacts[0]", "empty"),
                generic("generic URL not http(s)", "metadata: {version: '1.0'}\nartifacts:\n"
                        + "  - {download_url: 'file:///etc/passwd', checksum: 'sha256:" + HEX + "'}\n", "artifacts[0]", "not http(s)"),
                generic("generic checksum missing", "metadata: {version: '1.0'}\nartifacts:\n"
                        + "  - {download_url: 'https://e.org/k', filename: k}\n", "artifacts[0] (k)", "no 'checksum'"),
                generic("generic checksum malformed", "metadata: {version: '1.0'}\nartifacts:\n"
                        + "  - {download_url: 'https://e.org/k', checksum: 'sha256:xyz'}\n", "artifacts[0]", "checksum"),
                generic("generic duplicate filename", "metadata: {version: '1.0'}\nartifacts:\n"
                        + "  - {download_url: 'https://e.org/a/k', checksum: 'sha256:" + HEX + "'}\n"
                        + "  - {download_url: 'https://e.org/b/k', checksum: 'sha256:" + HEX + "'}\n", "artifacts[1]", "also the file of"),
                // One YAML loader for both YAML lockfiles: neither lets a second 'checksum' silently win.
                generic("generic duplicate key", "metadata: {version: '1.0'}\nartifacts:\n  - download_url: https://e.org/k\n"
                        + "    checksum: sha256:" + HEX + "\n    checksum: sha256:" + "cd".repeat(32) + "\n",
                        "duplicate key checksum", "not valid YAML"),
                rpm("rpm duplicate key", "lockfileVersion: 1\narches:\n- arch: x86_64\n  packages:\n"
                        + "  - url: https://e.org/a.rpm\n    repoid: base\n    checksum: sha256:" + HEX
                        + "\n    checksum: sha256:" + "cd".repeat(32) + "\n", "duplicate key checksum", "not valid YAML"),
                generic("generic version unsupported", "metadata: {version: '0.9'}\nartifacts: []\n", "metadata", "'0.9' is not supported"),
                generic("generic auth", "metadata: {version: '2.0'}\nartifacts:\n  - {download_url: 'https://e.org/k', checksum: 'sha256:"
                        + HEX + "', auth: {bearer: {value: '$T'}}}\n", "artifacts[0]", "'auth' is not supported"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusalNamesFileEntryAndReason(String label, String fileName, String content, String entry, String reason) throws IOException {
        Path file = dir.resolve(fileName);
        Files.writeString(file, content);
        LockfileException e = catchThrowableOfType(() -> Lockfiles.read(List.of(file), "x86_64"), LockfileException.class);
        assertThat(e).as(label).isNotNull();
        assertThat(e.getMessage()).as(label).contains(file.toString()).contains(entry).contains(reason);
    }

    private static Arguments pylock(String label, String content, String reason) {
        return Arguments.of(label, "pylock.toml", content, "packages[0] (p)", reason);
    }

    private static Arguments npm(String label, String content, String entry, String reason) {
        return Arguments.of(label, "custom.package-lock.json", content, entry, reason);
    }

    private static Arguments generic(String label, String content, String entry, String reason) {
        return Arguments.of(label, "odh.artifacts.lock.yaml", content, entry, reason);
    }

    private static Arguments rpm(String label, String content, String entry, String reason) {
        return Arguments.of(label, "odh.rpms.lock.yaml", content, entry, reason);
    }

    private static String wheel(String fields) {
        return "lock-version = \"1.0\"\n[[packages]]\nname = \"p\"\nwheels = [{ " + fields
                + ", hashes = { sha256 = \"" + HEX + "\" } }]\n";
    }

    private static String pkg(String key, String fields) {
        return "{\"lockfileVersion\": 3, \"packages\": {\"\": {\"name\": \"app\"}, \"" + key + "\": "
                + (fields == null ? "[1, 2]" : "{" + fields + "}") + "}}";
    }

    private static String artifact(String filename) {
        return "metadata: {version: '1.0'}\nartifacts:\n  - download_url: https://e.org/k\n    checksum: sha256:" + HEX
                + "\n    filename: " + filename + "\n";
    }
}
