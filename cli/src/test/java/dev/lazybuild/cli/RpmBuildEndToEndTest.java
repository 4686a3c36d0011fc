package dev.lazybuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.testkit.BaseImage;
import dev.lazybuild.testkit.Podman;
import dev.lazybuild.testkit.PylockWriter;
import dev.lazybuild.testkit.RpmLockWriter;
import dev.lazybuild.testkit.Rpms;
import dev.lazybuild.testkit.UpstreamServer;
import dev.lazybuild.testkit.Wheels;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * dnf in a real podman build (runc, --network=none) installs locked RPMs through the generated
 * /etc/yum.repos.d: the first build generates repodata when it first looks into each repository,
 * later builds with the same lockfile download only the RPMs dnf opens.
 */
class RpmBuildEndToEndTest extends SignedRpmBuildEndToEnd {
    /** With --verified-repodata: repodata from the whole RPMs by createrepo_c (header-only repodata: HeaderOnlyRepodataEndToEndTest). */
    @Test
    void dnfInstallsSignedRpmsFromLazyReposAndRepeatedBuildsFetchOnlyWhatDnfOpens() throws Exception {
        Rpms.Rpm app = key.sign(Rpms.build("lazyapp", "1.0", "noarch", "app", List.of("lazylib")));
        Rpms.Rpm lib = key.sign(Rpms.build("lazylib", "2.0", "noarch", "lib 2.0", List.of()));
        Rpms.Rpm extra = key.sign(Rpms.build("lazyextra", "3.0", "noarch", "extra", List.of()));
        Rpms.Rpm arm = key.sign(Rpms.build("lazyarm", "1.0", "aarch64", "arm", List.of()));
        URI appUrl = upstream.put("/x86/" + app.fileName(), app.bytes());
        URI libUrl = upstream.put("/x86/" + lib.fileName(), lib.bytes());
        URI extraUrl = upstream.put("/x86/" + extra.fileName(), extra.bytes());
        URI armUrl = upstream.put("/arm/" + arm.fileName(), arm.bytes());
        // A wheel the first RUN step opens: its request marks the moment podman's RUN steps began.
        byte[] marker = Wheels.build("marker", "1.0", "m", List.of());
        URI markerUrl = upstream.put("/pip/" + Wheels.fileName("marker", "1.0"), marker);
        Path context = Files.createDirectories(work.resolve("context"));
        Files.writeString(context.resolve("pylock.toml"), new PylockWriter()
                .wheel("marker", "1.0", markerUrl, marker.length, UpstreamServer.sha256(marker)).toToml());
        RpmLockWriter lock = new RpmLockWriter()
                .rpm("x86_64", "lazy-app", appUrl, app.bytes().length, UpstreamServer.sha256(app.bytes()), "lazyapp", "1.0-1")
                .rpm("x86_64", "lazy-base", extraUrl, extra.bytes().length, UpstreamServer.sha256(extra.bytes()), "lazyextra", "3.0-1")
                .rpm("aarch64", "lazy-base", armUrl, arm.bytes().length, UpstreamServer.sha256(arm.bytes()), "lazyarm", "1.0-1");
        Files.writeString(context.resolve("rpms.lock.yaml"), new RpmLockWriter()
                .rpm("x86_64", "lazy-app", appUrl, app.bytes().length, UpstreamServer.sha256(app.bytes()), "lazyapp", "1.0-1")
                .rpm("x86_64", "lazy-base", libUrl, lib.bytes().length, UpstreamServer.sha256(lib.bytes()), "lazylib", "2.0-1")
                .rpm("x86_64", "lazy-base", extraUrl, extra.bytes().length, UpstreamServer.sha256(extra.bytes()), "lazyextra", "3.0-1")
                .rpm("aarch64", "lazy-base", armUrl, arm.bytes().length, UpstreamServer.sha256(arm.bytes()), "lazyarm", "1.0-1")
                .toYaml());
        // gpgcheck=1, the default: the build imports the key as real projects import their vendor's.
        Files.writeString(context.resolve("RPM-GPG-KEY-lazybuild-tests"), key.publicKey());
        Files.writeString(context.resolve("Dockerfile"), "FROM " + BaseImage.NAME + "\n"
                + "COPY RPM-GPG-KEY-lazybuild-tests /tmp/\n"
                + "RUN rpm --import /tmp/RPM-GPG-KEY-lazybuild-tests\n"
                + "RUN cat /cachi2/output/deps/pip/" + Wheels.fileName("marker", "1.0") + " > /dev/null"
                + " && test -f /cachi2/output/deps/rpm/x86_64/repos.d/hermeto.repo"
                + " && test ! -e /cachi2/output/deps/rpm/x86_64/repos.d/cachi2.repo"
                + " && test -f /cachi2/output/deps/rpm/x86_64/lazy-base/repodata/repomd.xml"
                + " && test ! -e /cachi2/output/deps/rpm/aarch64\n"
                + "RUN dnf install -y lazyapp && cat /usr/share/lazybuild/lazyapp /usr/share/lazybuild/lazylib\n");
        Path cache = work.resolve("cache");

        CliRunner first = build(context, cache, "--verified-repodata");

        assertThat(first.status()).as(first.toString()).isZero();
        // Each repoid's repodata is made when the build first looks into that repository, while podman runs.
        assertThat(first.err()).contains("no cached repodata for x86_64 repoid lazy-base").contains("downloading 2 RPMs")
                .contains("no cached repodata for x86_64 repoid lazy-app").contains("downloading 1 RPM ")
                .containsPattern("lazybuild: files: 3 opened, 4 downloaded \\([^:)]+: 1 on open, 3 whole for repodata\\)");
        assertThat(Podman.runIn(image, "rpm -q lazyapp lazylib")).contains("lazyapp-1.0-1.noarch", "lazylib-2.0-1.noarch");
        assertThat(upstream.requests()).noneMatch(r -> r.path().startsWith("/arm/"));

        // Same lockfile, content store emptied (another machine sharing repodata, or after gc):
        // the repodata is a hit and only what dnf opens is downloaded, after podman started.
        deleteTree(cache.resolve("objects"));
        upstream.clearLog();
        CliRunner second = build(context, cache, "--verified-repodata");

        assertThat(second.status()).as(second.toString()).isZero();
        assertThat(second.err()).doesNotContain("no cached repodata");
        List<String> paths = upstream.requests().stream().filter(r -> r.method().equals("GET"))
                .map(UpstreamServer.Request::path).toList();
        assertThat(paths).first().isEqualTo(markerUrl.getPath());
        assertThat(paths.subList(1, paths.size())).containsExactlyInAnyOrder(appUrl.getPath(), libUrl.getPath());

        // One package changes version: a new repodata entry, and the image gets the new version.
        Rpms.Rpm lib21 = key.sign(Rpms.build("lazylib", "2.1", "noarch", "lib 2.1", List.of()));
        URI lib21Url = upstream.put("/x86/" + lib21.fileName(), lib21.bytes());
        Files.writeString(context.resolve("rpms.lock.yaml"), lock
                .rpm("x86_64", "lazy-base", lib21Url, lib21.bytes().length, UpstreamServer.sha256(lib21.bytes()), "lazylib", "2.1-1")
                .toYaml());
        CliRunner third = build(context, cache, "--verified-repodata");

        assertThat(third.status()).as(third.toString()).isZero();
        assertThat(third.err()).contains("no cached repodata for x86_64");
        assertThat(Podman.runIn(image, "rpm -q lazylib && cat /usr/share/lazybuild/lazylib")).contains("lazylib-2.1-1", "lib 2.1");
        try (Stream<Path> entries = Files.list(cache.resolve("repodata"))) {
            assertThat(entries.filter(p -> p.getFileName().toString().length() == 64)).hasSize(2);
        }
        assertThat(upstream.requests()).noneMatch(r -> r.path().startsWith("/arm/"));
        assertThat(PipBuildEndToEndTest.leftoverMounts()).isEmpty();
    }

    @Test
    void noYumReposLeavesTheImagesRepoFilesAndRepoOptionsReachTheGeneratedFile() throws Exception {
        Rpms.Rpm unsigned = Rpms.build("lazyextra", "3.0", "noarch", "extra", List.of());
        URI url = upstream.put("/x86/" + unsigned.fileName(), unsigned.bytes());
        Path context = Files.createDirectories(work.resolve("context"));
        Files.writeString(context.resolve("rpms.lock.yaml"), new RpmLockWriter()
                .rpm("x86_64", "lazy-base", url, unsigned.bytes().length, UpstreamServer.sha256(unsigned.bytes()), "lazyextra", "3.0-1")
                .toYaml());
        String repos = "/cachi2/output/deps/rpm/x86_64/repos.d";
        Files.writeString(context.resolve("Dockerfile"), "FROM " + BaseImage.NAME + "\n"
                + "RUN test ! -e /etc/yum.repos.d/cachi2.repo && grep -q '^gpgcheck=0$' " + repos + "/hermeto.repo"
                + " && dnf --setopt=reposdir=" + repos + " install -y lazyextra\n");

        CliRunner r = build(context, work.resolve("cache"), "--no-yum-repos", "--repo-option", "gpgcheck=0");

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(Podman.runIn(image, "rpm -q lazyextra")).contains("lazyextra-3.0-1.noarch");
    }

    private CliRunner build(Path context, Path cache, String... options) {
        List<String> args = new java.util.ArrayList<>(List.of("build", "--cache-dir", cache.toString()));
        args.addAll(List.of(options));
        args.addAll(List.of("--no-fetch-ahead", "--runtime", "runc", "--network=none", "--no-cache", "--platform", "linux/amd64", "-t", image, context.toString()));
        CliRunner r = CliRunner.run(args.toArray(String[]::new));
        System.out.println(r + "\nrequests: " + upstream.requests());
        return r;
    }

    private static void deleteTree(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                p.toFile().setWritable(true);
                Files.delete(p);
            }
        }
    }
}
