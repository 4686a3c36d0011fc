package dev.lazybuild.vfs.lockfile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.fetch.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpmLockReaderTest {
    static final String SHA512 = "sha512-" + java.util.Base64.getEncoder().encodeToString(new byte[64]);
    static final String OTHER_SHA512 = "sha512-" + java.util.Base64.getEncoder().encodeToString(filled(64, 1));

    @TempDir
    Path dir;

    @Test
    void scopedNestedAndAliasedPackagesGetHermetosFileNames() throws IOException {
        List<LockedFile> files = read("""
                {"lockfileVersion": 3, "packages": {
                  "": {"name": "app", "version": "1.0.0"},
                  "node_modules/@scope/pkg": {"version": "1.2.3",
                    "resolved": "https://registry.npmjs.org/@scope/pkg/-/pkg-1.2.3.tgz", "integrity": "%s"},
                  "node_modules/a/node_modules/@scope/pkg": {"version": "1.2.3",
                    "resolved": "https://registry.npmjs.org/@scope/pkg/-/pkg-1.2.3.tgz", "integrity": "%s"},
                  "node_modules/my-alias": {"name": "real-name", "version": "2.0.0",
                    "resolved": "https://registry.yarnpkg.com/real-name/-/real-name-2.0.0.tgz", "integrity": "%s"}
                }}""".formatted(SHA512, SHA512, OTHER_SHA512));
        assertThat(files).extracting(LockedFile::path)
                .containsExactly("deps/npm/scope-pkg-1.2.3.tgz", "deps/npm/real-name-2.0.0.tgz");
        assertThat(files.get(0).remote().digest()).isEqualTo(new Digest(Digest.Algorithm.SHA512, "00".repeat(64)));
        assertThat(files.get(0).remote().sizeKnown()).isFalse();
        assertThat(files.get(0).origin()).contains("package-lock.json").contains("node_modules/@scope/pkg");
    }

    @Test
    void anEntryUnderNodeModulesWithoutResolvedIsAFileDependencyAsHermetoTakesIt() throws IOException {
        // notebooks' codeserver lockfiles lock node_modules/packageMocks/keytar with no 'resolved'.
        List<LockedFile> files = read("""
                {"lockfileVersion": 3, "packages": {
                  "": {"name": "code-oss-dev", "dependencies": {"keytar": "file:./packageMocks/keytar"}},
                  "node_modules/packageMocks/keytar": {"version": "7.9.0"},
                  "node_modules/keytar": {"resolved": "node_modules/packageMocks/keytar", "link": true},
                  "node_modules/a": {"version": "1.0.0", "resolved": "https://registry.npmjs.org/a/-/a-1.0.0.tgz", "integrity": "%s"}
                }}""".formatted(SHA512));
        assertThat(files).extracting(LockedFile::path).containsExactly("deps/npm/a-1.0.0.tgz");
    }

    @Test
    void linksWorkspacesBundledAndFileDependenciesPutNothingInTheTree() throws IOException {
        List<LockedFile> files = read("""
                {"lockfileVersion": 2, "packages": {
                  "": {"name": "app", "workspaces": ["packages/*"]},
                  "node_modules/ws-a": {"resolved": "packages/ws-a", "link": true},
                  "packages/ws-a": {"name": "ws-a", "version": "0.0.1"},
                  "node_modules/bundler/node_modules/inner": {"version": "1.0.0", "inBundle": true},
                  "node_modules/local": {"version": "1.0.0", "resolved": "file:../local.tgz"},
                  "node_modules/bundler": {"version": "3.0.0",
                    "resolved": "https://registry.npmjs.org/bundler/-/bundler-3.0.0.tgz", "integrity": "%s"}
                }}""".formatted(SHA512));
        assertThat(files).extracting(LockedFile::path).containsExactly("deps/npm/bundler-3.0.0.tgz");
    }

    @Test
    void tarballsOutsideTheRegistryGoWhereHermetoPutsExternalOnes() throws IOException {
        List<LockedFile> files = read("""
                {"lockfileVersion": 3, "packages": {
                  "node_modules/@s/ext": {"version": "1.0.0",
                    "resolved": "https://example.org/files/ext.tgz", "integrity": "%s"}
                }}""".formatted(SHA512));
        assertThat(files).extracting(LockedFile::path)
                .containsExactly("deps/npm/external-@s/ext/@s/ext-external-sha512-" + "00".repeat(64) + ".tgz");
        assertThat(files.get(0).remote().name()).isEqualTo("ext-external-sha512-" + "00".repeat(64) + ".tgz");
    }

    @Test
    void strongestIntegrityAlgorithmIsTheOneVerified() throws IOException {
        String sha1 = "sha1-" + java.util.Base64.getEncoder().encodeToString(new byte[20]);
        List<LockedFile> files = read("""
                {"lockfileVersion": 3, "packages": {
                  "node_modules/old": {"version": "0.1.0",
                    "resolved": "https://registry.npmjs.org/old/-/old-0.1.0.tgz", "integrity": "%s"},
                  "node_modules/both": {"version": "0.1.0",
                    "resolved": "https://registry.npmjs.org/both/-/both-0.1.0.tgz", "integrity": "%s %s"}
                }}""".formatted(sha1, sha1, OTHER_SHA512));
        assertThat(files.get(0).remote().digest().algorithm()).isEqualTo(Digest.Algorithm.SHA1);
        assertThat(files.get(1).remote().digest().algorithm()).isEqualTo(Digest.Algorithm.SHA512);
    }

    @Test
    void unknownKeysAreIgnored() throws IOException {
        List<LockedFile> files = read("""
                {"lockfileVersion": 3, "future": {"x": [1]}, "packages": {
                  "node_modules/a": {"version": "1.0.0", "somethingNew": true, "cpu": ["x64"],
                    "resolved": "https://registry.npmjs.org/a/-/a-1.0.0.tgz", "integrity": "%s"}
                }}""".formatted(SHA512));
        assertThat(files).extracting(LockedFile::path).containsExactly("deps/npm/a-1.0.0.tgz");
    }

    private List<LockedFile> read(String json) throws IOException {
        Path f = dir.resolve("package-lock.json");
        Files.writeString(f, json);
        return new NpmLockReader().read(f);
    }

    static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }
}
