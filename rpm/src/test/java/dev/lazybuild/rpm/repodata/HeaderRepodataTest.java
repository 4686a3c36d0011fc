package dev.lazybuild.rpm.repodata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.RemoteFile;
import dev.lazybuild.rpm.header.HeaderSignatures;
import dev.lazybuild.rpm.header.RpmFormatException;
import dev.lazybuild.rpm.header.RpmHeaders;
import dev.lazybuild.rpm.header.TestPackages;
import dev.lazybuild.testkit.RpmSigningKey;
import dev.lazybuild.testkit.Rpms;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Repodata from the headers of real RPMs, the record of the headers used, and keys. */
@Tag("e2e")
class HeaderRepodataTest {
    private static Rpms.Rpm unsigned;
    private static Rpms.Rpm signed;
    private static HeaderSignatures keys;
    private static ExecutorService pool;

    @TempDir
    Path work;

    @BeforeAll
    static void buildPackages() {
        unsigned = TestPackages.bare("noarch");
        try (RpmSigningKey key = RpmSigningKey.create()) {
            signed = key.sign(unsigned);
            keys = HeaderSignatures.fromArmoredKeys(Map.of("RPM-GPG-KEY-test", key.publicKey().getBytes(StandardCharsets.US_ASCII)));
        }
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stopPool() {
        pool.shutdownNow();
    }

    private static RemoteFile locked(Rpms.Rpm rpm) throws Exception {
        return new RemoteFile(URI.create("http://127.0.0.1:1/" + rpm.fileName()),
                Digest.sha256(HeaderRepodataEquivalenceTest.sha256(rpm.bytes())), rpm.bytes().length, rpm.fileName());
    }

    private static HeaderRepodata.HeaderSource serving(Rpms.Rpm rpm) {
        return file -> RpmHeaders.read(new ByteArrayInputStream(rpm.bytes()), file.name());
    }

    @Test
    void theRecordAcceptsTheWholePackageAndRefusesAnotherHeader() throws Exception {
        HeaderRepodata.generate(List.of(locked(signed)), serving(signed), keys, null, pool, work);
        HeaderRecord record = HeaderRecord.load(work).orElseThrow();
        String pkgid = locked(signed).digest().hex();
        Path whole = Files.write(work.resolve("whole.rpm"), signed.bytes());
        Path other = Files.write(work.resolve("other.rpm"), unsigned.bytes());

        assertThat(Files.list(work.resolve("repodata")).map(p -> p.getFileName().toString()))
                .anyMatch(n -> n.endsWith("-primary.xml.gz")).contains("repomd.xml");
        assertThat(record.packages()).containsOnlyKeys(pkgid);
        record.check(pkgid, whole, signed.fileName());
        assertThatThrownBy(() -> record.check(pkgid, other, signed.fileName())).isInstanceOf(RpmFormatException.class)
                .hasMessageStartingWith("the header of " + signed.fileName() + " as downloaded whole");
    }

    @Test
    void trustsTellsWhetherACachedPackageHasTheRecordedHeaderAndNeitherDropsNorFails() throws Exception {
        HeaderRepodata.generate(List.of(locked(signed)), serving(signed), keys, null, pool, work);
        java.util.concurrent.atomic.AtomicInteger drops = new java.util.concurrent.atomic.AtomicInteger();
        HeaderCheck check = new HeaderCheck(List.of(HeaderCheck.Repository.of("baseos",
                HeaderRecord.load(work).orElseThrow(), drops::incrementAndGet)));
        Path other = Files.write(work.resolve("other.rpm"), unsigned.bytes());

        assertThat(check.trusts(locked(signed), other)).isFalse();
        assertThat(check.trusts(locked(signed), Files.write(work.resolve("whole.rpm"), signed.bytes()))).isTrue();
        assertThat(check.trusts(locked(unsigned), other)).as("not in the record: nothing to compare").isTrue();
        assertThat(drops).as("the repodata stays until the package is opened").hasValue(0);
        assertThatThrownBy(() -> check.check(locked(signed), other)).isInstanceOf(RpmFormatException.class);
    }

    @Test
    void aWholeDownloadWithAnotherHeaderFailsAndDropsTheRepodata() throws Exception {
        HeaderRepodata.generate(List.of(locked(signed)), serving(signed), keys, null, pool, work);
        java.util.concurrent.atomic.AtomicInteger drops = new java.util.concurrent.atomic.AtomicInteger();
        HeaderRecord record = HeaderRecord.load(work).orElseThrow();
        // As a build's repositories do: the record is read at each check, and gone once dropped.
        HeaderCheck check = new HeaderCheck(List.of(new HeaderCheck.Repository("baseos", record.packages().keySet(),
                () -> drops.get() == 0 ? java.util.Optional.of(record) : java.util.Optional.empty(), drops::incrementAndGet)));
        Path other = Files.write(work.resolve("other.rpm"), unsigned.bytes());

        assertThatThrownBy(() -> check.check(locked(signed), other)).isInstanceOf(RpmFormatException.class)
                .hasMessageContaining("the repodata of repoid baseos was written from it and is dropped");
        assertThat(drops).hasValue(1);
        Path whole = Files.write(work.resolve("whole.rpm"), signed.bytes());
        assertThatThrownBy(() -> check.check(locked(signed), whole)).as("dnf retries the open; the repodata it read lied")
                .isInstanceOf(RpmFormatException.class).hasMessageContaining("was written from it and is dropped");
        check.check(locked(unsigned), other); // not in the record: nothing to compare
        assertThat(drops).hasValue(1);
    }

    @Test
    void withKeysAnUnsignedHeaderStopsTheRepodata() {
        assertThatThrownBy(() -> HeaderRepodata.generate(List.of(locked(unsigned)), serving(unsigned), keys, null, pool, work))
                .isInstanceOf(RpmFormatException.class).hasMessageContaining("carries no header signature");
        assertThat(work.resolve("repodata")).doesNotExist();
    }

    @Test
    void aLockfileEntryWithoutSha256CannotGiveThePkgid() {
        RemoteFile sha512 = new RemoteFile(URI.create("http://127.0.0.1:1/x.rpm"),
                new Digest(Digest.Algorithm.SHA512, "ab".repeat(64)), 10, "x.rpm");

        assertThatThrownBy(() -> HeaderRepodata.generate(List.of(sha512), serving(unsigned), null, null, pool, work))
                .hasMessage("x.rpm: repodata from headers needs the package's sha256 and size from the lockfile (its pkgid"
                        + " and size); this entry has sha512: use --verified-repodata");
    }
}
