package dev.lazybuild.vfs.lockfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.Printable;
import dev.lazybuild.vfs.tree.Tree;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The attacks of issue 16 on the lockfile readers (cases 6, 8, 9, 10 and 11): each hostile
 * lockfile is refused with one {@link LockfileException} (exit 3) naming the file and the
 * entry, or read as the one sensible thing it can mean, and nothing a lockfile says reaches
 * the message unescaped or with its password.
 */
class HostileLockfileTest {
    private static final String HEX = "ab".repeat(32);
    private static final String OTHER_HEX = "cd".repeat(32);

    @TempDir
    Path dir;

    // --- case 9: large lockfiles ---------------------------------------------------------

    @Test
    void fiveMegabytesOfValidYamlParse() throws IOException {
        StringBuilder yaml = new StringBuilder("lockfileVersion: 1\nlockfileVendor: redhat\narches:\n- arch: x86_64\n  packages:\n");
        int entries = 13_500;
        for (int i = 0; i < entries; i++) {
            yaml.append("  - url: https://mirror.example.org/some/rather/long/path/to/the/repository/Packages/p/package-number-")
                    .append(i).append("-1.0.0-1.el9.x86_64.rpm\n    repoid: rhel-9-for-x86_64-appstream-rpms\n    size: ")
                    .append(1000 + i).append("\n    checksum: sha256:").append(String.format("%064x", i))
                    .append("\n    name: package-number-").append(i).append("\n    evr: 1.0.0-1.el9\n    sourcerpm: package-number-")
                    .append(i).append("-1.0.0-1.el9.src.rpm\n");
        }
        Path file = Files.writeString(dir.resolve("rpms.lock.yaml"), yaml);
        assertThat(Files.size(file)).isGreaterThan(5_000_000);

        List<LockedFile> files = Lockfiles.read(List.of(file), "x86_64");

        assertThat(files).hasSize(entries);
        assertThat(files.get(entries - 1).remote().size()).isEqualTo(1000 + entries - 1);
    }

    @Test
    void yamlLargerThanTheDocumentedBoundIsRefusedNamingTheBound() throws IOException {
        Path file = dir.resolve("artifacts.lock.yaml");
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(LockfileYaml.MAX_BYTES + 1L); // sparse: no 256 MiB written
        }
        assertRefused(file, "", "larger than 256 MiB");
    }

    // --- case 11: depths, lengths and numbers ----------------------------------------------

    @Test
    void genericFilenameThousandsOfLevelsDeepIsRefused() throws IOException {
        Path file = generic("  - download_url: https://e.org/k\n    checksum: sha256:" + HEX
                + "\n    filename: " + "a/".repeat(2000) + "k\n");
        assertRefused(file, "artifacts[0]", "2003 levels deep, more than 64");
    }

    @Test
    void genericFilenameLongerThanThePathBoundIsRefused() throws IOException {
        Path file = generic("  - download_url: https://e.org/k\n    checksum: sha256:" + HEX
                + "\n    filename: " + ("b".repeat(200) + "/").repeat(12) + "k\n");
        assertRefused(file, "artifacts[0]", "longer than 2048 bytes");
    }

    @Test
    void deepestAcceptedPathBuildsATree() throws IOException {
        Path file = generic("  - download_url: https://e.org/k\n    checksum: sha256:" + HEX
                + "\n    filename: " + "a/".repeat(Names.DEPTH_MAX - 3) + "k\n");
        List<LockedFile> files = Lockfiles.read(List.of(file), "x86_64");
        Tree tree = Tree.builder().add(files.get(0).withSize(1)).build();
        assertThat(tree.lookup(files.get(0).path())).isNotNull();
    }

    @Test
    void repoidOfTwoHundredBytesIsRefused() throws IOException {
        Path file = rpm(rpmEntry("https://e.org/a-1.0-1.x86_64.rpm", "r".repeat(200), 10, HEX));
        assertRefused(file, "arches[0] (x86_64) packages[0]", "'repoid' is 200 characters long, more than 100");
    }

    @ParameterizedTest
    @ValueSource(strings = {"base os", "base\u202eso", "base/../x", "base\\e[2J"})
    void repoidDnfWouldRefuseIsRefused(String repoid) throws IOException {
        Path file = rpm(rpmEntry("https://e.org/a-1.0-1.x86_64.rpm", "\"" + repoid + "\"", 10, HEX));
        assertRefused(file, "packages[0]", "may hold only letters, digits and '-_.:'");
    }

    @Test
    void sizeBeyondSixtyFourBitsIsRefusedNotTruncated() throws IOException {
        Path file = rpm(rpmEntry("https://e.org/a-1.0-1.x86_64.rpm", "base", "18446744073709551621", HEX));
        assertRefused(file, "arches[0] (x86_64) packages[0]", "'size' must be a non-negative integer of at most 9223372036854775807; got 18446744073709551621");
    }

    @Test
    void rpmLockfileVersionBeyondSixtyFourBitsIsRefusedNotTruncated() throws IOException {
        // 2^64 + 1: its low 64 bits are 1, the one version lazybuild reads.
        Path file = Files.writeString(dir.resolve("rpms.lock.yaml"), "lockfileVersion: 18446744073709551617\narches: []\n");
        assertRefused(file, "", "lockfileVersion '18446744073709551617' is not supported");
    }

    @Test
    void npmLockfileVersionBeyondThirtyTwoBitsIsRefusedNotTruncated() throws IOException {
        // 2^32 + 2: its low 32 bits are 2, a version lazybuild reads.
        Path file = Files.writeString(dir.resolve("package-lock.json"), "{\"lockfileVersion\": 4294967298, \"packages\": {}}");
        assertRefused(file, "", "lockfileVersion 4294967298 is not supported");
    }

    @Test
    void sameRpmTwiceInOneRepoidIsOneFile() throws IOException {
        Path file = rpm(rpmEntry("https://e.org/a/a-1.0-1.x86_64.rpm", "base", 10, HEX)
                + rpmEntry("https://mirror.e.org/a/a-1.0-1.x86_64.rpm", "base", 10, HEX));
        RpmLockReader.Lock lock = new RpmLockReader("x86_64").readLock(file);
        assertThat(lock.repositories()).singleElement().satisfies(r -> assertThat(r.files()).hasSize(1));
        assertThat(Lockfiles.read(List.of(file), "x86_64")).extracting(LockedFile::path)
                .containsExactly("deps/rpm/x86_64/base/a-1.0-1.x86_64.rpm");
    }

    @Test
    void sameRpmNameWithTwoDigestsInOneRepoidNamesBothEntries() throws IOException {
        Path file = rpm(rpmEntry("https://e.org/a/a-1.0-1.x86_64.rpm", "base", 10, HEX)
                + rpmEntry("https://mirror.e.org/a/a-1.0-1.x86_64.rpm", "base", 10, OTHER_HEX));
        assertRefused(file, "arches[0] (x86_64) packages[1]", "is also the file of rpms.lock.yaml: arches[0] (x86_64) packages[0]");
    }

    @Test
    void sameRpmInTwoRepoidsIsTwoFiles() throws IOException {
        Path file = rpm(rpmEntry("https://e.org/a/a-1.0-1.x86_64.rpm", "base", 10, HEX)
                + rpmEntry("https://e.org/a/a-1.0-1.x86_64.rpm", "extra", 10, HEX));
        assertThat(Lockfiles.read(List.of(file), "x86_64")).hasSize(2);
    }

    // --- case 8: weak digests and duplicate keys ---------------------------------------------

    @Test
    void weakOnlyDigestsAreAcceptedWithOneWarningPerLockfile() throws IOException {
        Path rpm = rpm(rpmEntry("https://e.org/a-1.0-1.x86_64.rpm", "base", 10, HEX)
                + "  - url: https://e.org/b-1.0-1.x86_64.rpm\n    repoid: base\n    checksum: md5:" + "ab".repeat(16) + "\n"
                + "  - url: https://e.org/c-1.0-1.x86_64.rpm\n    repoid: base\n    checksum: sha1:" + "ab".repeat(20) + "\n");
        Path npm = Files.writeString(dir.resolve("package-lock.json"), npmLock("sha1-" + base64(20)));

        LockedFiles read = Lockfiles.read(List.of(rpm, npm), "x86_64", DigestPolicy.WARN_WEAK);

        assertThat(read.files()).hasSize(4);
        assertThat(read.files()).filteredOn(f -> f.path().endsWith("b-1.0-1.x86_64.rpm"))
                .singleElement().satisfies(f -> assertThat(f.remote().digest().algorithm()).isEqualTo(Digest.Algorithm.MD5));
        assertThat(read.warnings()).hasSize(2);
        assertThat(read.warnings().get(0)).startsWith(rpm + ": 2 entries are locked only by md5 or sha1")
                .contains("first: arches[0] (x86_64) packages[1] (md5)").contains("--strict-digests");
        assertThat(read.warnings().get(1)).startsWith(npm + ": 1 entry is locked only by md5 or sha1")
                .contains("packages[\"node_modules/x\"] (sha1)");
    }

    @Test
    void strongDigestsGiveNoWarning() throws IOException {
        Path npm = Files.writeString(dir.resolve("package-lock.json"), npmLock("sha1-" + base64(20) + " sha512-" + base64(64)));
        LockedFiles read = Lockfiles.read(List.of(npm), "x86_64", DigestPolicy.STRONG_ONLY);
        assertThat(read.warnings()).isEmpty();
        assertThat(read.files()).singleElement()
                .satisfies(f -> assertThat(f.remote().digest().algorithm()).isEqualTo(Digest.Algorithm.SHA512));
    }

    @Test
    void strictDigestsRefuseWeakOnlyEntriesNamingTheFirst() throws IOException {
        Path pylock = Files.writeString(dir.resolve("pylock.toml"), "lock-version = \"1.0\"\n[[packages]]\nname = \"p\"\n"
                + "wheels = [{ url = \"https://e.org/p-1.0-py3-none-any.whl\", hashes = { md5 = \"" + "ab".repeat(16) + "\" } }]\n");
        LockfileException e = catchThrowableOfType(
                () -> Lockfiles.read(List.of(pylock), "x86_64", DigestPolicy.STRONG_ONLY), LockfileException.class);
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).startsWith(pylock + ": packages[0] (p) wheels[0] (md5): locked only by a weak digest")
                .contains("--strict-digests");
    }

    @Test
    void duplicateKeysAreRefusedInJsonAndToml() throws IOException {
        Path npm = Files.writeString(dir.resolve("package-lock.json"), "{\"lockfileVersion\": 3, \"packages\": {"
                + "\"node_modules/x\": {\"version\": \"1.0.0\", \"resolved\": \"https://e.org/x.tgz\", "
                + "\"integrity\": \"sha512-" + base64(64) + "\", \"integrity\": \"sha1-" + base64(20) + "\"}}}");
        assertRefused(npm, "", "Duplicate field 'integrity'");
        Path pylock = Files.writeString(dir.resolve("pylock.toml"), "lock-version = \"1.0\"\n[[packages]]\nname = \"p\"\n"
                + "wheels = [{ url = \"https://e.org/p-1.0-py3-none-any.whl\", hashes = { sha256 = \"" + HEX
                + "\", sha256 = \"" + OTHER_HEX + "\" } }]\n");
        assertRefused(pylock, "", "not valid TOML");
    }

    // --- case 6: credentials in lockfile URLs ------------------------------------------------

    @Test
    void userinfoInEveryKindOfLockfileIsRefusedWithoutThePassword() throws IOException {
        String url = "https://builder:s3cr3t@e.org/p/p-1.0-1.x86_64.rpm";
        List<Path> files = List.of(
                rpm(rpmEntry(url, "base", 10, HEX)),
                generic("  - download_url: " + url + "\n    checksum: sha256:" + HEX + "\n"),
                Files.writeString(dir.resolve("package-lock.json"), npmLock("sha512-" + base64(64)).replace("https://e.org/x.tgz", url)),
                Files.writeString(dir.resolve("pylock.toml"), "lock-version = \"1.0\"\n[[packages]]\nname = \"p\"\n"
                        + "wheels = [{ url = \"" + url + "\", hashes = { sha256 = \"" + HEX + "\" } }]\n"));
        for (Path file : files) {
            LockfileException e = assertRefused(file, "", "carries credentials (user:password@)");
            assertThat(e.getMessage()).as(file.toString()).doesNotContain("s3cr3t").doesNotContain("builder")
                    .contains("https://***@e.org/p/").contains("~/.netrc");
        }
    }

    @Test
    void passwordWithSpacesAndAtSignsIsHiddenInAnInvalidUrl() throws IOException {
        Path file = generic("  - download_url: 'http://u:pa ss@w@rd@e.org/k'\n    checksum: sha256:" + HEX + "\n");
        LockfileException e = assertRefused(file, "artifacts[0]", "carries credentials");
        assertThat(e.getMessage()).doesNotContain("pa ss").doesNotContain("rd@e").contains("http://***@e.org/k");
    }

    // --- case 10: control and bidi characters --------------------------------------------------

    @Test
    void rightToLeftOverrideInAFileNameIsRefused() throws IOException {
        Path file = generic("  - download_url: https://e.org/k\n    checksum: sha256:" + HEX
                + "\n    filename: \"invoice\\u202Egpj.exe\"\n");
        LockfileException e = assertRefused(file, "artifacts[0]", "control character (\\u202e)");
        assertThat(e.getMessage()).doesNotContain("\u202E").contains("invoice\\u202egpj.exe");
    }

    @ParameterizedTest
    @ValueSource(strings = {"%E2%80%AE", "%E2%81%A6", "%C2%9B", "%1B", "%07"})
    void controlCharactersInAUrlsFileNameAreRefused(String encoded) throws IOException {
        Path file = rpm(rpmEntry("https://e.org/a" + encoded + "b-1.0-1.x86_64.rpm", "base", 10, HEX));
        assertRefused(file, "packages[0]", "control character");
    }

    @Test
    void escapeSequencesInAUrlAreRefusedAndEscapedInTheMessage() throws IOException {
        Path file = Files.writeString(dir.resolve("package-lock.json"),
                npmLock("sha512-" + base64(64)).replace("https://e.org/x.tgz", "https://e.org/\\u001b]0;pwned\\u0007x.tgz"));
        LockfileException e = assertRefused(file, "packages[\"node_modules/x\"]", "contains a control character");
        assertThat(e.getMessage()).contains("\\x1b]0;pwned\\x07");
    }

    @Test
    void escapeSequencesInAnEntryKeyReachTheMessageEscaped() throws IOException {
        Path file = Files.writeString(dir.resolve("package-lock.json"), "{\"lockfileVersion\": 3, \"packages\": {"
                + "\"node_modules/\\u001b[2Jx\": {\"version\": \"1.0.0\", \"resolved\": \"ftp://e.org/x.tgz\", "
                + "\"integrity\": \"sha512-" + base64(64) + "\"}}}");
        LockfileException e = assertRefused(file, "node_modules/\\x1b[2Jx", "not http(s)");
        assertThat(e.getMessage()).doesNotContain("\u001b");
    }

    // --- helpers ------------------------------------------------------------------------------

    /** Refused with one LockfileException that names file, entry and reason, and holds nothing unsafe to print. */
    private static LockfileException assertRefused(Path file, String entry, String reason) {
        LockfileException e = catchThrowableOfType(() -> Lockfiles.read(List.of(file), "x86_64"), LockfileException.class);
        assertThat(e).as(file + " must be refused").isNotNull();
        assertThat(e.getMessage()).startsWith(file.toString()).contains(entry).contains(reason);
        assertThat(Printable.firstUnsafe(e.getMessage())).as(e.getMessage()).isEqualTo(-1);
        return e;
    }

    private Path rpm(String entries) throws IOException {
        return Files.writeString(dir.resolve("rpms.lock.yaml"),
                "lockfileVersion: 1\nlockfileVendor: redhat\narches:\n- arch: x86_64\n  packages:\n" + entries);
    }

    private static String rpmEntry(String url, String repoid, Object size, String hex) {
        return "  - url: " + url + "\n    repoid: " + repoid + "\n    size: " + size + "\n    checksum: sha256:" + hex + "\n";
    }

    private Path generic(String artifacts) throws IOException {
        return Files.writeString(dir.resolve("artifacts.lock.yaml"), "metadata: {version: '1.0'}\nartifacts:\n" + artifacts);
    }

    private static String npmLock(String integrity) {
        return "{\"lockfileVersion\": 3, \"packages\": {\"\": {\"name\": \"app\"}, \"node_modules/x\": {\"version\": \"1.0.0\", "
                + "\"resolved\": \"https://e.org/x.tgz\", \"integrity\": \"" + integrity + "\"}}}";
    }

    private static String base64(int bytes) {
        return Base64.getEncoder().encodeToString(new byte[bytes]);
    }
}
