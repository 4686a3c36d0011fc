package dev.lazybuild.vfs.fuse;

import dev.lazybuild.vfs.lockfile.LockedFile;
import dev.lazybuild.vfs.lockfile.Lockfiles;
import dev.lazybuild.vfs.tree.HermetoLayout;
import dev.lazybuild.vfs.tree.Tree;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.fetch.store.ContentStore;
import dev.lazybuild.fetch.http.UpstreamSource;
import dev.lazybuild.fetch.http.HttpUpstream;
import dev.lazybuild.testkit.Prerequisites;
import dev.lazybuild.testkit.UpstreamServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The npm and generic subtrees appear in a real FUSE mount, with sizes learned once and content verified. */
@Tag("e2e")
class NpmAndGenericMountTest {
    @TempDir
    Path work;

    @Test
    void npmTarballsAndGenericFilesAreListedAndReadThroughTheMount() throws Exception {
        Prerequisites.requireFuse();
        byte[] tarball = "scoped package bytes".getBytes(StandardCharsets.UTF_8);
        byte[] key = "-----BEGIN PGP PUBLIC KEY BLOCK-----\n".getBytes(StandardCharsets.UTF_8);
        try (UpstreamServer server = UpstreamServer.start(); HttpUpstream upstream = new HttpUpstream(4)) {
            // Served from 127.0.0.1, so the tarball is an "external" one in Hermeto's terms.
            String tgzUrl = server.put("/@s/pkg/-/pkg-1.0.0.tgz", tarball).toString();
            String keyUrl = server.put("/keys/RPM-GPG-KEY-TEST", key).toString();
            Path npm = Files.writeString(work.resolve("package-lock.json"), """
                    {"lockfileVersion": 3, "packages": {"": {"name": "app"},
                      "node_modules/@s/pkg": {"version": "1.0.0", "resolved": "%s", "integrity": "sha512-%s"}}}
                    """.formatted(tgzUrl, base64(MessageDigest.getInstance("SHA-512").digest(tarball))));
            Path generic = Files.writeString(work.resolve("artifacts.lock.yaml"), """
                    metadata: {version: '1.0'}
                    artifacts:
                      - {download_url: '%s', checksum: 'sha256:%s'}
                    """.formatted(keyUrl, UpstreamServer.sha256(key)));
            ContentStore store = ContentStore.builder(work.resolve("cache")).then(new UpstreamSource(upstream)).build();
            List<LockedFile> locked = Lockfiles.read(List.of(npm, generic), "x86_64").stream()
                    .map(f -> f.withSize(store.size(f.remote()))).toList();
            Tree tree = HermetoLayout.builder(locked, "/cachi2").build();
            Path mountPoint = Files.createDirectories(work.resolve("mnt"));
            try (Mount mount = Mount.mount(tree, mountPoint, store::fetch, (p, e) -> { })) {
                Path deps = mountPoint.resolve("output/deps");
                assertThat(names(deps)).containsExactly("generic", "npm");
                assertThat(names(deps.resolve("generic"))).containsExactly("RPM-GPG-KEY-TEST");
                // Hermeto's external layout keeps the scoped name's '/': external-@s/pkg/@s/pkg-external-<algo>-<hex>.tgz
                Path tgz = deps.resolve("npm/external-@s/pkg/@s");
                assertThat(names(tgz)).singleElement().asString().matches("pkg-external-sha512-[0-9a-f]{128}\\.tgz");
                assertThat(Files.size(deps.resolve("generic/RPM-GPG-KEY-TEST"))).isEqualTo(key.length);
                assertThat(server.gets("/keys/RPM-GPG-KEY-TEST")).isZero(); // stat() downloads nothing
                assertThat(Files.readAllBytes(deps.resolve("generic/RPM-GPG-KEY-TEST"))).isEqualTo(key);
                try (Stream<Path> s = Files.list(tgz)) {
                    assertThat(Files.readAllBytes(s.findFirst().orElseThrow())).isEqualTo(tarball);
                }
            }
        }
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String base64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
