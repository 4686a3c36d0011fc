package dev.lazybuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.testkit.BaseImage;
import dev.lazybuild.testkit.Podman;
import dev.lazybuild.testkit.RpmLockWriter;
import dev.lazybuild.testkit.Rpms;
import dev.lazybuild.testkit.UpstreamServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The first build of a new rpms.lock.yaml, empty cache: repodata is written from the RPMs'
 * headers (one or two ranged GETs per RPM), their signatures checked with the key the inputs
 * lock as a generic artifact, and dnf (gpgcheck=1) installs from it; only the RPMs dnf
 * installs are downloaded whole.
 */
class HeaderOnlyRepodataEndToEndTest extends SignedRpmBuildEndToEnd {
    private static final String KEY_NAME = "RPM-GPG-KEY-lazybuild-tests";

    private Rpms.Rpm app;
    private Rpms.Rpm lib;
    private Rpms.Rpm extra;
    private Rpms.Rpm many;

    private Path context(boolean lockTheKey) throws Exception {
        app = key.sign(Rpms.build("lazyapp", "1.0", "noarch", "app", List.of("lazylib")));
        lib = key.sign(Rpms.build("lazylib", "2.0", "noarch", "lib", List.of()));
        extra = key.sign(Rpms.build("lazyextra", "3.0", "noarch", "extra", List.of()));
        many = key.sign(manyFiles());
        RpmLockWriter lock = new RpmLockWriter();
        for (Rpms.Rpm rpm : List.of(app, lib, extra, many)) {
            URI url = upstream.put("/rpms/" + rpm.fileName(), rpm.bytes());
            lock.rpm("x86_64", "lazy-base", url, rpm.bytes().length, UpstreamServer.sha256(rpm.bytes()), rpm.name(),
                    rpm.version() + "-1");
        }
        Path context = Files.createDirectories(work.resolve("context"));
        Files.writeString(context.resolve("rpms.lock.yaml"), lock.toYaml());
        if (lockTheKey) {
            byte[] publicKey = key.publicKey().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            URI keyUrl = upstream.put("/keys/" + KEY_NAME, publicKey);
            Files.writeString(context.resolve("artifacts.lock.yaml"), "metadata:\n  version: \"1.0\"\nartifacts:\n"
                    + "  - download_url: " + keyUrl + "\n    checksum: sha256:" + UpstreamServer.sha256(publicKey)
                    + "\n    filename: " + KEY_NAME + "\n");
        }
        Files.writeString(context.resolve("Dockerfile"), "FROM " + BaseImage.NAME + "\n"
                + (lockTheKey ? "RUN rpm --import /cachi2/output/deps/generic/" + KEY_NAME + "\n"
                        : "COPY " + KEY_NAME + " /tmp/\nRUN rpm --import /tmp/" + KEY_NAME + "\n")
                + "RUN dnf install -y lazyapp && cat /usr/share/lazybuild/lazyapp /usr/share/lazybuild/lazylib\n");
        if (!lockTheKey) {
            Files.writeString(context.resolve(KEY_NAME), key.publicKey());
        }
        return context;
    }

    /** A package whose header is larger than the first 64 KiB read, so it takes a second one. */
    private static Rpms.Rpm manyFiles() {
        return Rpms.buildSpec("lazymany", "1.0", "1", "noarch", """
                Name: lazymany
                Version: 1.0
                Release: 1
                Summary: many files
                License: MIT
                BuildArch: noarch
                %description
                Many files.
                %install
                mkdir -p %{buildroot}/usr/share/lazymany
                for i in $(seq 1 1500); do echo $i > %{buildroot}/usr/share/lazymany/file-$i.txt; done
                %files
                /usr/share/lazymany
                """);
    }

    @Test
    void aFirstBuildReadsHeadersWithRangesAndDownloadsWholeOnlyWhatDnfInstalls() throws Exception {
        Path context = context(true);

        CliRunner r = build(context);

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.err()).contains("no cached repodata for x86_64 repoid lazy-base: reading the headers of 4 RPMs"
                + " (HTTP Range requests for the first bytes of each, header signatures checked)");
        assertThat(Podman.runIn(image, "rpm -q lazyapp lazylib")).contains("lazyapp-1.0-1.noarch", "lazylib-2.0-1.noarch");
        for (Rpms.Rpm rpm : List.of(app, lib, extra, many)) {
            List<String> ranges = rangesOf(rpm);
            boolean installed = rpm == app || rpm == lib;
            assertThat(ranges.stream().filter(x -> x != null).toList()).as(rpm.fileName())
                    .hasSize(rpm == many ? 2 : 1).first().isEqualTo("bytes=0-65535");
            assertThat(ranges.stream().filter(x -> x == null).count()).as(rpm.fileName() + " whole GETs")
                    .isEqualTo(installed ? 1 : 0);
        }
    }

    /**
     * A cached RPM whose header is not the one its repodata was written from (the record says
     * another header was trusted) is never exposed by the cached view: dnf meets it through FUSE,
     * whose open fails as it always did, naming the file, and the repodata is dropped.
     */
    @Test
    void aCachedRpmWhoseHeaderTheRepodataDidNotTrustIsNotLinkedAndItsOpenFails() throws Exception {
        Path context = context(false);
        assertThat(build(context).status()).isZero();
        Path record;
        try (java.util.stream.Stream<Path> s = Files.walk(work.resolve("cache/repodata"))) {
            record = s.filter(p -> p.getFileName().toString().equals("rpm-headers.txt")).findFirst().orElseThrow();
        }
        String appPkgid = UpstreamServer.sha256(app.bytes());
        String lines = Files.readString(record);
        assertThat(lines).contains(appPkgid);
        Files.writeString(record, lines.replaceAll("(?m)^(" + appPkgid + " \\d+ )[0-9a-f]{64}$", "$1" + "0".repeat(64)));

        CliRunner r = build(context);

        assertThat(r.status()).as("dnf fails, so podman does: its status is the build's").as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("lazybuild: error: /cachi2/output/deps/rpm/x86_64/lazy-base/" + app.fileName() + ": ")
                .contains("differs from the header its repository's repodata was written from")
                .contains("was written from it and is dropped");
        assertThat(Files.exists(record)).as("the repodata that trusted the other header is dropped").isFalse();
        assertThat(upstream.wholeGets("/rpms/" + app.fileName())).as("the cached RPM was not downloaded again").isEqualTo(1);
    }

    @Test
    void aServerThatIgnoresRangeStillBuildsWithOneNotice() throws Exception {
        Path context = context(false);
        upstream.ignoreRanges();

        CliRunner r = build(context);

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.err().lines().filter(l -> l.contains("answered 200 with the whole file for a Range request"))).hasSize(1);
        assertThat(Podman.runIn(image, "rpm -q lazyapp")).contains("lazyapp-1.0-1.noarch");
        for (Rpms.Rpm rpm : List.of(app, lib, extra, many)) {
            assertThat(rangesOf(rpm).stream().filter(x -> x == null)).as(rpm.fileName()).hasSize(1);
        }
    }

    @Test
    void withTheKeyLockedAnUnsignedRpmStopsTheBuildNamingIt() throws Exception {
        Path context = context(true);
        Rpms.Rpm unsigned = Rpms.build("lazyunsigned", "1.0", "noarch", "u", List.of());
        upstream.put("/rpms/" + unsigned.fileName(), unsigned.bytes());
        RpmLockWriter lock = new RpmLockWriter();
        for (Rpms.Rpm rpm : List.of(app, unsigned)) {
            lock.rpm("x86_64", "lazy-base", upstream.url("/rpms/" + rpm.fileName()), rpm.bytes().length,
                    UpstreamServer.sha256(rpm.bytes()), rpm.name(), rpm.version() + "-1");
        }
        Files.writeString(context.resolve("rpms.lock.yaml"), lock.toYaml());

        CliRunner r = build(context);

        // The repodata is made when dnf looks into the repository: dnf sees an I/O error, and
        // after podman lazybuild says why in one line, with the download failure's exit status.
        assertThat(r.status()).as(r.toString()).isEqualTo(4);
        assertThat(r.err()).contains("lazybuild: error: the build could not read the repodata of repoid lazy-base"
                + " (it saw an I/O error): " + unsigned.fileName())
                .contains("carries no header signature, but keys are given for it (" + KEY_NAME + ")");
        assertThat(r.err().indexOf("lazybuild: error: the build could not read")).as("after podman's output and the summary")
                .isGreaterThan(r.err().indexOf("lazybuild: files: "));
        assertThat(r.err()).doesNotContain("\tat ");
        try (var entries = Files.walk(work.resolve("cache/repodata")); var tmp = Files.list(work.resolve("cache/tmp"))) {
            assertThat(entries.filter(Files::isRegularFile)).as("nothing half-written in the repodata cache").isEmpty();
            assertThat(tmp.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("repodata"));
        }
    }

    /** The Range header of every GET of the RPM (null for a whole-file GET). */
    private List<String> rangesOf(Rpms.Rpm rpm) {
        List<String> out = new ArrayList<>();
        upstream.requests().stream().filter(q -> q.method().equals("GET") && q.path().equals("/rpms/" + rpm.fileName()))
                .forEach(q -> out.add(q.range()));
        return out;
    }

    private CliRunner build(Path context) {
        CliRunner r = CliRunner.run("build", "--cache-dir", work.resolve("cache").toString(), "--no-fetch-ahead",
                "--runtime", "runc", "--network=none", "--no-cache", "--platform", "linux/amd64", "-t", image,
                context.toString());
        System.out.println(r + "\nrequests: " + upstream.requests());
        return r;
    }
}
