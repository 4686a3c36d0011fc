package dev.lazybuild.vfs.lockfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RpmLockReaderTest {
    static final Path REAL = dev.lazybuild.testkit.RealLockfiles.notebooks("odh.rpms.lock.yaml");
    private static final String SHA = "sha256:" + "ab".repeat(32);

    @TempDir
    Path dir;

    /*
     * Expected numbers from an independent count with python3 and PyYAML:
     *   d = yaml.safe_load(open('odh.rpms.lock.yaml'))
     *   for a in d['arches']:
     *       L = a['packages'] + (a.get('source') or []) + (a.get('module_metadata') or [])
     *       print(a['arch'], len(L), sum(p['size'] for p in L), len({p['repoid'] for p in L}))
     * gave x86_64 864 735401152 7, aarch64 864 699438266 7, ppc64le 864 710710958 7,
     * s390x 862 678624926 7 (no source or module_metadata entries in this lockfile).
     */
    @ParameterizedTest
    @CsvSource({"x86_64,864,735401152,7", "aarch64,864,699438266,7", "ppc64le,864,710710958,7", "s390x,862,678624926,7"})
    void realLockfileGivesEachArchitectureItsOwnFilesOnly(String arch, int files, long bytes, int repoids) {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(REAL), REAL + " is not on this machine");
        RpmLockReader.Lock lock = new RpmLockReader(arch).readLock(REAL);
        List<LockedFile> all = new RpmLockReader(arch).read(REAL);

        assertThat(all).hasSize(files);
        assertThat(all.stream().mapToLong(f -> f.remote().size()).sum()).isEqualTo(bytes);
        assertThat(lock.repositories()).hasSize(repoids);
        assertThat(all).allMatch(f -> f.path().startsWith("deps/rpm/" + arch + "/"));
        assertThat(all).allMatch(f -> f.remote().urls().get(0).toString().contains(arch)
                || f.remote().urls().get(0).toString().contains("noarch"));
        assertThat(all.stream().map(LockedFile::path)).doesNotHaveDuplicates();
    }

    @Test
    void entriesGoToRepoidDirectoriesNamedByUrlBasename() throws Exception {
        Path f = write("""
                lockfileVersion: 1
                lockfileVendor: redhat
                arches:
                - arch: x86_64
                  packages:
                  - url: https://example.com/repo/Packages/a/a-1.0-1.x86_64.rpm
                    repoid: baseos
                    size: 10
                    checksum: %1$s
                    name: a
                  source:
                  - url: https://example.com/src/a-1.0-1.src.rpm
                    repoid: baseos-source
                    checksum: %1$s
                  module_metadata:
                  - url: https://example.com/repo/repodata/123-modules.yaml.gz
                    repoid: baseos
                    size: 5
                    checksum: %1$s
                - arch: aarch64
                  packages:
                  - url: https://example.com/never.aarch64.rpm
                    repoid: baseos
                    size: 10
                    checksum: %1$s
                """.formatted(SHA));

        RpmLockReader.Lock lock = new RpmLockReader("x86_64").readLock(f);

        assertThat(lock.repositories()).extracting(RpmLockReader.Repository::repoid).containsExactly("baseos", "baseos-source");
        RpmLockReader.Repository baseos = lock.repositories().get(0);
        assertThat(baseos.packages()).extracting(LockedFile::path).containsExactly("deps/rpm/x86_64/baseos/a-1.0-1.x86_64.rpm");
        assertThat(baseos.moduleMetadata()).extracting(LockedFile::path).containsExactly("deps/rpm/x86_64/baseos/123-modules.yaml.gz");
        assertThat(lock.repositories().get(1).packages().get(0).remote().sizeKnown()).isFalse();
        assertThat(new RpmLockReader("s390x").read(f)).isEmpty();
    }

    @Test
    void missingRepoidGetsANameThatStaysTheSameForTheSameLockfile() throws Exception {
        String text = """
                lockfileVersion: 1
                lockfileVendor: redhat
                arches:
                - arch: x86_64
                  packages:
                  - url: https://example.com/a.rpm
                    checksum: %1$s
                    size: 1
                  source:
                  - url: https://example.com/a.src.rpm
                    checksum: %1$s
                    size: 1
                """.formatted(SHA);
        Path f = write(text);
        List<String> first = new RpmLockReader("x86_64").read(f).stream().map(LockedFile::path).toList();
        List<String> again = new RpmLockReader("x86_64").read(f).stream().map(LockedFile::path).toList();

        assertThat(first).isEqualTo(again);
        assertThat(first.get(0)).matches("deps/rpm/x86_64/hermeto-[0-9a-f]{6}/a\\.rpm");
        assertThat(first.get(1)).isEqualTo(first.get(0).replace("/a.rpm", "-source/a.src.rpm"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "lockfileVersion: 2|lockfileVersion '2' is not supported",
        "arches: []|lockfileVersion is missing",
        "lockfileVersion: 1\\narches: 3|'arches' must be a list",
        "lockfileVersion: 1\\narches:\\n- arch: x86_64\\n  packages:\\n  - url: https://e.com/a.rpm\\n    size: 1|arches[0] (x86_64) packages[0]: has no 'checksum'",
        "lockfileVersion: 1\\narches:\\n- arch: x86_64\\n  packages:\\n  - url: ftp://e.com/a.rpm\\n    checksum: sha256:00|arches[0] (x86_64) packages[0]: URL 'ftp://e.com/a.rpm' is not http(s)",
        "lockfileVersion: 1\\narches:\\n- arch: x86_64\\n  packages:\\n  - url: https://e.com/a.rpm\\n    checksum: md4:00|arches[0] (x86_64) packages[0]: checksum: unknown digest algorithm 'md4'",
        "lockfileVersion: 1\\narches:\\n- arch: x86_64\\n  packages:\\n  - url: https://e.com/a.rpm\\n    repoid: ..\\n    checksum: SHA|arches[0] (x86_64) packages[0]: unsafe path",
        "lockfileVersion: 1\\narches:\\n- arch: x86_64\\n  packages:\\n  - url: https://e.com/a.rpm\\n    size: -3\\n    checksum: SHA|'size' must be a non-negative integer",
        "lockfileVersion: 1\\narches:\\n- arch: x86_64\\n  module_metadata:\\n  - url: https://e.com/m.yaml\\n    checksum: SHA|module_metadata[0]: module metadata needs a 'repoid'",
        "lockfileVersion: 1\\narches: [x|not valid YAML",
    })
    void badLockfilesAreRefusedNamingFileAndEntry(String yaml, String expected) throws Exception {
        Path f = write(yaml.replace("\\n", "\n").replace("SHA", SHA));
        assertThatThrownBy(() -> new RpmLockReader("x86_64").read(f))
                .isInstanceOf(LockfileException.class)
                .hasMessageStartingWith(f.toString())
                .hasMessageContaining(expected);
    }

    @Test
    void lockfilesAreRecognisedByName() {
        assertThat(Lockfiles.Kind.ofFileName("rpms.lock.yaml")).isEqualTo(Lockfiles.Kind.RPM);
        assertThat(Lockfiles.Kind.ofFileName("odh.rpms.lock.yaml")).isEqualTo(Lockfiles.Kind.RPM);
        assertThat(Lockfiles.Kind.ofFileName("rpms.lock.yml")).isNull();
    }

    private Path write(String text) throws Exception {
        Path f = dir.resolve("rpms.lock.yaml");
        Files.writeString(f, text);
        return f;
    }
}
