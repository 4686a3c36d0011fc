package dev.lazybuild.vfs.lockfile;

import dev.lazybuild.vfs.tree.FileNode;
import dev.lazybuild.vfs.tree.HermetoLayout;
import dev.lazybuild.vfs.tree.Tree;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.fetch.Digest;
import dev.lazybuild.testkit.RealLockfiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The real lockfiles of opendatahub-io/notebooks parse as they are, into the counts an
 * independent reader gives. The expected numbers come from Python's own parsers, not from
 * lazybuild:
 * <pre>
 * python3 -c "import tomllib; d=tomllib.load(open('jupyter-minimal.pylock.cpu.toml','rb'));
 *   a=[x for p in d['packages'] for x in p.get('wheels',[])+([p['sdist']] if 'sdist' in p else [])];
 *   print(len(a), len({x['url'].rsplit('/',1)[1] for x in a}), sum(x['size'] for x in a))"
 *   -> 161 161 563693148
 * python3 -c "import json; p=json.load(open('custom-packages.package-lock.json'))['packages'];
 *   print(len(p), len({(v.get('name') or k.rsplit('node_modules/',1)[1], v['version'])
 *   for k,v in p.items() if k and not v.get('link')}))"
 *   -> 25 24   (25 entries: the root project "" and 24 registry tarballs)
 * grep -c download_url odh.artifacts.lock.yaml -> 2
 * </pre>
 */
class RealLockfilesTest {
    static final int PYLOCK_FILES = 161;
    static final long PYLOCK_BYTES = 563_693_148L;
    static final int NPM_FILES = 24;
    static final int GENERIC_FILES = 2;

    @Test
    void everyRealLockfileWithAKnownNameParses() throws IOException {
        try (Stream<Path> files = Files.list(RealLockfiles.notebooks())) {
            List<Path> lockfiles = files.filter(p -> Lockfiles.Kind.ofFileName(p.getFileName().toString()) != null).toList();
            assertThat(lockfiles).hasSizeGreaterThanOrEqualTo(3);
            for (Path f : lockfiles) {
                assertThat(Lockfiles.read(List.of(f), "x86_64")).as(f.toString()).isNotEmpty();
            }
        }
    }

    @Test
    void pylockGivesEveryWheelWithItsSize() {
        List<LockedFile> files = new PylockReader().read(RealLockfiles.notebooks("jupyter-minimal.pylock.cpu.toml"));
        assertThat(files).hasSize(PYLOCK_FILES);
        assertThat(files.stream().mapToLong(f -> f.remote().size()).sum()).isEqualTo(PYLOCK_BYTES);
        assertThat(files).allMatch(f -> f.path().startsWith("deps/pip/"));
    }

    @Test
    void npmLockfileGivesOneTarballPerPackageNamedAsHermetoDoes() {
        List<LockedFile> files = new NpmLockReader().read(RealLockfiles.notebooks("custom-packages.package-lock.json"));
        assertThat(files).hasSize(NPM_FILES);
        assertThat(files).extracting(LockedFile::path).contains(
                "deps/npm/emmetio-css-parser-0.4.1.tgz",
                "deps/npm/parcel-watcher-linux-x64-glibc-2.5.6.tgz",
                "deps/npm/playwright-browser-chromium-1.59.1.tgz",
                "deps/npm/detect-libc-2.1.2.tgz");
        assertThat(files).allMatch(f -> f.remote().digest().algorithm() == Digest.Algorithm.SHA512)
                .allMatch(f -> !f.remote().sizeKnown())
                .allMatch(f -> f.remote().urls().get(0).toString().startsWith("https://registry.npmjs.org/"));
    }

    @Test
    void artifactsLockfileGivesTheGpgKeys() {
        List<LockedFile> files = new ArtifactsLockReader().read(RealLockfiles.notebooks("odh.artifacts.lock.yaml"));
        assertThat(files).hasSize(GENERIC_FILES);
        assertThat(files).extracting(LockedFile::path)
                .containsExactly("deps/generic/RPM-GPG-KEY-CentOS-Official", "deps/generic/RPM-GPG-KEY-EPEL-9");
        assertThat(files.get(0).remote().digest())
                .isEqualTo(Digest.sha256("146059788b214d7ba0dd70c1cf21111e594c6cfde201da8a9a88fe7101be8a78"));
    }

    @Test
    void allThreeTogetherMakeOneTree() {
        List<Path> all = List.of(RealLockfiles.notebooks("jupyter-minimal.pylock.cpu.toml"),
                RealLockfiles.notebooks("custom-packages.package-lock.json"),
                RealLockfiles.notebooks("odh.artifacts.lock.yaml"));
        List<LockedFile> files = Lockfiles.read(all, "x86_64");
        // Sizes npm and generic lockfiles lack are what the store learns; any value builds the tree.
        Tree tree = HermetoLayout.builder(files.stream().map(f -> f.remote().sizeKnown() ? f : f.withSize(1)).toList(),
                "/cachi2").build();
        int[] counts = new int[1];
        tree.forEachFile((path, node) -> {
            if (node.remote() != null) {
                counts[0]++;
            }
        });
        assertThat(counts[0]).isEqualTo(PYLOCK_FILES + NPM_FILES + GENERIC_FILES);
        assertThat(tree.lookup("output/deps/npm/is-glob-4.0.3.tgz")).isInstanceOf(FileNode.class);
        assertThat(tree.lookup("output/deps/generic/RPM-GPG-KEY-EPEL-9")).isInstanceOf(FileNode.class);
    }
}
