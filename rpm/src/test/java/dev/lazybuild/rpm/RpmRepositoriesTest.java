package dev.lazybuild.rpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.PrerequisiteException;
import dev.lazybuild.fetch.RemoteFile;
import dev.lazybuild.fetch.http.HttpUpstream;
import dev.lazybuild.fetch.http.MirrorRules;
import dev.lazybuild.fetch.http.UpstreamSource;
import dev.lazybuild.fetch.store.ContentStore;
import dev.lazybuild.fetch.store.TierCounts;
import dev.lazybuild.fetch.team.S3Tier;
import dev.lazybuild.fetch.team.TeamTier;
import dev.lazybuild.fetch.team.TierSettings;
import dev.lazybuild.testkit.Prerequisites;
import dev.lazybuild.testkit.RpmLockWriter;
import dev.lazybuild.testkit.Rpms;
import dev.lazybuild.testkit.S3Server;
import dev.lazybuild.testkit.UpstreamServer;
import dev.lazybuild.vfs.tree.FileNode;
import dev.lazybuild.vfs.tree.Tree;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Real RPMs (rpmbuild), a real createrepo_c and modifyrepo_c, a real server on 127.0.0.1. */
@Tag("e2e")
class RpmRepositoriesTest {
    private static Rpms.Rpm app;
    private static Rpms.Rpm lib;
    private static Rpms.Rpm extra;
    private static Rpms.Rpm arm;

    @TempDir
    Path work;

    private UpstreamServer upstream;
    private HttpUpstream http;
    private final List<String> notices = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void buildRpms() {
        Prerequisites.requireProgram("rpmbuild");
        Prerequisites.requireProgram("createrepo_c");
        Prerequisites.requireProgram("modifyrepo_c");
        app = Rpms.build("lazyapp", "1.0", "noarch", "app", List.of("lazylib"));
        lib = Rpms.build("lazylib", "2.0", "noarch", "lib", List.of());
        extra = Rpms.build("lazyextra", "3.0", "noarch", "extra", List.of());
        arm = Rpms.build("lazyarm", "1.0", "aarch64", "arm", List.of());
    }

    @BeforeEach
    void start() {
        upstream = UpstreamServer.start();
        http = new HttpUpstream(4);
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
        upstream.close();
    }

    @Test
    void aSecondMachineTakesCheckedRepodataFromTheTeamCacheAndDownloadsNoRpm() throws Exception {
        Path lockfile = lockfile(false);
        RpmRepositories repos = RpmRepositories.read(List.of(lockfile), "x86_64");
        try (var s3 = S3Server.start(Files.createDirectories(work.resolve("s3")), "team")) {
            prepareOnAFirstMachine(repos, s3);
            upstream.clearLog();
            notices.clear();

            Map<String, Path> b;
            try (TeamTier team = team(s3)) {
                b = repos.prepareRepodata(teamStore("machine-b", team), new RepodataCache(work.resolve("machine-b")),
                        new Createrepo(Map.of()), RepodataPolicy.WHOLE_FILES, notices::add);
            }

            assertThat(upstream.requests()).isEmpty();
            assertThat(TierCounts.load(work.resolve("machine-b"))).as("prepareRepodata saves no counts itself")
                    .containsEntry("team.repodata", 0L);
            assertThat(notices).hasSize(2).allMatch(n -> n.contains("from the team cache (checked against the lockfile)"));
            assertThat(hrefs(b.get("lazy-base"))).containsExactlyInAnyOrder(lib.fileName(), extra.fileName());

            // The tier's entry for lazy-base now claims another RPM: it does not match the lockfile,
            // so a third machine ignores it and generates its own (downloading lazy-base's RPMs).
            Path tampered = Files.createDirectories(work.resolve("tampered"));
            for (Path f : Files.list(b.get("lazy-base")).toList()) {
                Files.copy(f, tampered.resolve(f.getFileName()));
            }
            Path primary = Files.list(tampered).filter(p -> p.toString().endsWith("primary.xml.gz")).findFirst().orElseThrow();
            Files.write(primary, gzip(gunzip(Files.readAllBytes(primary)).replace(extra.fileName(), "evil-1.0-1.noarch.rpm").getBytes(StandardCharsets.UTF_8)));
            try (S3Tier tier = new S3Tier(settings(s3), credentials())) {
                String sha = UpstreamServer.sha256(Files.readAllBytes(lockfile));
                tier.put("repodata/" + sha + "/x86_64/lazy-base/" + primary.getFileName(), primary);
            }
            notices.clear();
            Map<String, Path> c;
            try (TeamTier team = team(s3)) {
                c = repos.prepareRepodata(teamStore("machine-c", team), new RepodataCache(work.resolve("machine-c")),
                        new Createrepo(Map.of()), RepodataPolicy.WHOLE_FILES, notices::add);
            }
            assertThat(notices).anyMatch(n -> n.contains("lazy-app from the team cache"))
                    .anyMatch(n -> n.contains("no cached repodata for x86_64 repoid lazy-base"));
            assertThat(hrefs(c.get("lazy-base"))).containsExactlyInAnyOrder(lib.fileName(), extra.fileName());
            // The RPMs createrepo_c needed came from the team cache too, verified against the lockfile.
            assertThat(upstream.requests()).isEmpty();
        }
    }

    /**
     * The tier's counts and the upstream's own log agree: repodata and RPMs from the tier never
     * count as upstream downloads.
     */
    @Test
    void tierCountsAreExactWithRepodataFromTheTeamTier() throws Exception {
        Path lockfile = lockfile(false);
        RpmRepositories repos = RpmRepositories.read(List.of(lockfile), "x86_64");
        try (var s3 = S3Server.start(Files.createDirectories(work.resolve("s3")), "team")) {
            prepareOnAFirstMachine(repos, s3);
            RemoteFile fromTier = locked(lib);
            RemoteFile fromUpstream = locked(extra);
            s3.backend().removeBlob("team", TeamTier.objectKey(fromUpstream.digest()));
            upstream.clearLog();

            try (TeamTier team = team(s3)) {
                ContentStore b = teamStore("machine-b", team);
                repos.prepareRepodata(b, new RepodataCache(work.resolve("machine-b")), new Createrepo(Map.of()), RepodataPolicy.WHOLE_FILES, notices::add);
                b.fetch(fromTier);
                b.fetch(fromUpstream);
                b.fetch(fromUpstream);
                b.saveTierCounts();
            }

            Map<String, Long> counts = TierCounts.load(work.resolve("machine-b"));
            assertThat(upstream.gets("/x86/" + extra.fileName())).isEqualTo(1);
            assertThat(counts).containsEntry("upstream.downloads", 1L)
                    .containsEntry("upstream.requests", (long) upstream.requests().size())
                    .containsEntry("upstream.bytes", (long) extra.bytes().length)
                    .containsEntry("team.hits", 1L)
                    .containsEntry("host.hits", 1L);
            assertThat(counts.get("team.repodata")).as("index and files of two repoids' repodata").isGreaterThan(4L);
        }
    }

    /** machine-a generates the repodata and, through its team tier, shares it and the RPMs. */
    private void prepareOnAFirstMachine(RpmRepositories repos, S3Server s3) {
        try (TeamTier team = team(s3)) {
            repos.prepareRepodata(teamStore("machine-a", team), new RepodataCache(work.resolve("machine-a")),
                    new Createrepo(Map.of()), RepodataPolicy.WHOLE_FILES, notices::add);
        }
    }

    /** The RPM as {@link #lockfile} locks it. */
    private RemoteFile locked(Rpms.Rpm rpm) {
        return new RemoteFile(upstream.url("/x86/" + rpm.fileName()), Digest.sha256(UpstreamServer.sha256(rpm.bytes())),
                rpm.bytes().length, rpm.fileName());
    }

    private static AwsCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(S3Server.ACCESS_KEY, S3Server.SECRET_KEY));
    }

    private static TierSettings settings(S3Server s3) {
        return new TierSettings(s3.endpoint(), "team", "", null, true, true);
    }

    private static TeamTier team(S3Server s3) {
        return new TeamTier(new S3Tier(settings(s3), credentials()), true, w -> { });
    }

    private ContentStore teamStore(String machine, TeamTier team) {
        return ContentStore.builder(work.resolve(machine)).then(team).then(new UpstreamSource(http, MirrorRules.NONE, 4)).build();
    }

    @Test
    void headerOnlyRepodataReadsTheStartOfEachRpmWithRangedRequests() throws Exception {
        Path lockfile = lockfile(true);
        RpmRepositories repos = RpmRepositories.read(List.of(lockfile), "x86_64");

        Map<String, Path> repodata = repos.prepareRepodata(store(), new RepodataCache(cache()), new Createrepo(Map.of()),
                RepodataPolicy.HEADERS, notices::add);

        assertThat(notices).singleElement().asString().contains("no cached repodata for x86_64 repoids lazy-app, lazy-base")
                .contains("reading the headers of 3 RPMs (HTTP Range requests");
        assertThat(hrefs(repodata.get("lazy-base"))).containsExactlyInAnyOrder(lib.fileName(), extra.fileName());
        for (Rpms.Rpm rpm : List.of(app, lib, extra)) {
            // A small package: one ranged read of the first 64 KiB, which the file ends.
            assertThat(upstream.requests()).filteredOn(r -> r.path().equals("/x86/" + rpm.fileName()))
                    .singleElement().extracting(UpstreamServer.Request::range).isEqualTo("bytes=0-65535");
            assertThat(store().cached(locked(rpm).digest())).isEmpty();
        }
        assertThat(upstream.requests()).noneMatch(r -> r.path().contains("lazyarm"));
        assertThat(Files.list(repodata.get("lazy-base")).map(p -> p.getFileName().toString())).anyMatch(n -> n.endsWith("-modules.yaml.gz"));

        // A whole download of a package is compared with the header used: the same bytes pass.
        repos.headerCheck(store()).check(locked(lib), store().fetch(locked(lib)));
    }

    @Test
    void aServerThatIgnoresRangeGetsWholeDownloadsAndOneNotice() throws Exception {
        upstream.ignoreRanges();
        RpmRepositories repos = RpmRepositories.read(List.of(lockfile(false)), "x86_64");

        Map<String, Path> repodata = repos.prepareRepodata(store(), new RepodataCache(cache()), new Createrepo(Map.of()),
                RepodataPolicy.HEADERS, notices::add);

        assertThat(hrefs(repodata.get("lazy-app"))).containsExactly(app.fileName());
        assertThat(notices).filteredOn(n -> n.contains("answered 200 with the whole file")).singleElement().asString()
                .contains("RPMs from 127.0.0.1 are downloaded whole for their repodata");
        for (Rpms.Rpm rpm : List.of(app, lib, extra)) {
            assertThat(store().cached(locked(rpm).digest())).isPresent();
        }
    }

    @Test
    void missFetchesTheRepoidsRpmsOnceAndAHitFetchesNothing() throws Exception {
        Path lockfile = lockfile(false);
        RpmRepositories repos = RpmRepositories.read(List.of(lockfile), "x86_64");

        Map<String, Path> first = repos.prepareRepodata(store(), new RepodataCache(cache()), new Createrepo(Map.of()), RepodataPolicy.WHOLE_FILES, notices::add);

        assertThat(first.keySet()).containsExactly("lazy-app", "lazy-base");
        assertThat(notices).singleElement().asString()
                .contains("3 RPMs (" + RpmRepositories.megabytes(app.bytes().length + lib.bytes().length + extra.bytes().length) + ")")
                .contains("lazy-app, lazy-base").contains("dnf reads repodata before it opens any RPM");
        assertThat(hrefs(first.get("lazy-base"))).containsExactlyInAnyOrder(lib.fileName(), extra.fileName());
        assertThat(hrefs(first.get("lazy-app"))).containsExactly(app.fileName());
        assertThat(upstream.gets("/x86/" + app.fileName())).isEqualTo(1);
        assertThat(upstream.requests()).noneMatch(r -> r.path().contains("lazyarm"));

        upstream.clearLog();
        notices.clear();
        Map<String, Path> again = RpmRepositories.read(List.of(lockfile), "x86_64")
                .prepareRepodata(store(), new RepodataCache(cache()), new Createrepo(Map.of()), RepodataPolicy.WHOLE_FILES, notices::add);

        assertThat(again).isEqualTo(first);
        assertThat(upstream.requests()).isEmpty();
        assertThat(notices).isEmpty();
    }

    @Test
    void changedLockfileGetsItsOwnEntry() throws Exception {
        Path lockfile = lockfile(false);
        Map<String, Path> before = RpmRepositories.read(List.of(lockfile), "x86_64")
                .prepareRepodata(store(), new RepodataCache(cache()), new Createrepo(Map.of()), RepodataPolicy.WHOLE_FILES, notices::add);
        Rpms.Rpm lib3 = Rpms.build("lazylib", "2.1", "noarch", "lib 2.1", List.of());
        URI url = upstream.put("/x86/" + lib3.fileName(), lib3.bytes());
        Files.writeString(lockfile, new RpmLockWriter()
                .rpm("x86_64", "lazy-base", url, lib3.bytes().length, UpstreamServer.sha256(lib3.bytes()), "lazylib", "2.1-1")
                .toYaml());

        Map<String, Path> after = RpmRepositories.read(List.of(lockfile), "x86_64")
                .prepareRepodata(store(), new RepodataCache(cache()), new Createrepo(Map.of()), RepodataPolicy.WHOLE_FILES, notices::add);

        assertThat(after.get("lazy-base")).isNotEqualTo(before.get("lazy-base"));
        assertThat(hrefs(after.get("lazy-base"))).containsExactly(lib3.fileName());
        assertThat(hrefs(before.get("lazy-base"))).contains(lib.fileName()); // the old entry stays usable
    }

    @Test
    void twoBuildsMissingAtOnceProduceOneEntry() throws Exception {
        Path lockfile = lockfile(false);
        upstream.throttle(200_000, 20);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        // One store, as in one process; across processes the store's and the cache's file locks do the same.
        ContentStore shared = store();
        try {
            List<Future<Map<String, Path>>> results = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                results.add(pool.submit(() -> RpmRepositories.read(List.of(lockfile), "x86_64")
                        .prepareRepodata(shared, new RepodataCache(cache()), new Createrepo(Map.of()), RepodataPolicy.WHOLE_FILES, notices::add)));
            }
            assertThat(results.get(0).get()).isEqualTo(results.get(1).get());
        } finally {
            pool.shutdownNow();
        }
        try (Stream<Path> tmp = Files.list(cache().resolve("tmp"))) {
            assertThat(tmp).isEmpty();
        }
        try (Stream<Path> entries = Files.list(cache().resolve("repodata"))) {
            assertThat(entries.filter(p -> p.getFileName().toString().length() == 64)).hasSize(1);
        }
        assertThat(upstream.gets("/x86/" + lib.fileName())).isEqualTo(1);
    }

    @Test
    void moduleMetadataBecomesTheModulesTypeOfTheRepodata() throws Exception {
        Path lockfile = lockfile(true);

        Map<String, Path> repodata = RpmRepositories.read(List.of(lockfile), "x86_64")
                .prepareRepodata(store(), new RepodataCache(cache()), new Createrepo(Map.of()), RepodataPolicy.WHOLE_FILES, notices::add);

        String repomd = Files.readString(repodata.get("lazy-base").resolve("repomd.xml"));
        assertThat(repomd).contains("type=\"modules\"");
        try (Stream<Path> files = Files.list(repodata.get("lazy-base"))) {
            Path modules = files.filter(p -> p.getFileName().toString().endsWith("modules.yaml.gz")).findFirst().orElseThrow();
            assertThat(gunzip(Files.readAllBytes(modules))).contains("name: lazystream");
        }
        assertThat(repodata.get("lazy-app").resolve("repomd.xml")).content().doesNotContain("type=\"modules\"");

        // And dnf sees the stream, so `dnf module enable lazystream:1` works in a build.
        Prerequisites.requireProgram("dnf");
        Path repo = Files.createDirectories(work.resolve("repo"));
        Files.createSymbolicLink(repo.resolve("repodata"), repodata.get("lazy-base"));
        Process dnf = new ProcessBuilder("dnf", "-q", "--installroot=" + work.resolve("root"), "--releasever=9",
                "--setopt=reposdir=" + work.resolve("no-repos"), "--repofrompath=lazy-base,file://" + repo,
                "--repo", "lazy-base", "--nogpgcheck", "module", "list").redirectErrorStream(true).start();
        String listing = new String(dnf.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(dnf.waitFor()).as(listing).isZero();
        assertThat(listing).containsPattern("lazystream\\s+1\\s");
    }

    @Test
    void missingCreaterepoIsAPrerequisiteErrorBeforeAnyDownload() throws Exception {
        Path lockfile = lockfile(false);
        RpmRepositories repos = RpmRepositories.read(List.of(lockfile), "x86_64");
        Createrepo absent = new Createrepo(Map.of("LAZYBUILD_CREATEREPO", work.resolve("no/createrepo_c").toString()));

        assertThatThrownBy(() -> repos.prepareRepodata(store(), new RepodataCache(cache()), absent, RepodataPolicy.WHOLE_FILES, notices::add))
                .isInstanceOf(PrerequisiteException.class)
                .hasMessageContaining("no/createrepo_c cannot be run")
                .hasMessageContaining("apt-get install createrepo-c")
                .hasMessageContaining("dnf install createrepo_c");
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void treeGetsRepodataAndRepoFilesForTheTargetArchitecture() throws Exception {
        Path lockfile = lockfile(false);
        RpmRepositories repos = RpmRepositories.read(List.of(lockfile), "x86_64");
        Map<String, Path> repodata = repos.prepareRepodata(store(), new RepodataCache(cache()), new Createrepo(Map.of()), RepodataPolicy.WHOLE_FILES, notices::add);
        Tree.Builder b = Tree.builder();

        repos.addTo(b, repodata, "/cachi2", RepoOptions.DEFAULT.with(Map.of("gpgcheck", "0")));
        Tree tree = b.build();

        assertThat(tree.lookup("output/deps/rpm/x86_64/lazy-base/repodata/repomd.xml")).isInstanceOf(FileNode.class);
        FileNode repo = (FileNode) tree.lookup("output/deps/rpm/x86_64/repos.d/hermeto.repo");
        String text = new String(((FileNode.Inline) repo.content()).bytes(), StandardCharsets.UTF_8);
        assertThat(text).isEqualTo("[lazy-app]\nbaseurl=file:///cachi2/output/deps/rpm/x86_64/lazy-app\ngpgcheck=0\n\n"
                + "[lazy-base]\nbaseurl=file:///cachi2/output/deps/rpm/x86_64/lazy-base\ngpgcheck=0\n\n");
        assertThat(tree.lookup("output/deps/rpm/x86_64/repos.d/cachi2.repo")).isNull();
        assertThat(tree.lookup("output/deps/rpm/aarch64")).isNull();
    }

    @Test
    void lazyRepodataIsMadeForTheRepositoryLookedIntoAndAFailureLeavesNothingInTheCache() throws Exception {
        RpmRepositories repos = RpmRepositories.read(List.of(lockfile(false)), "x86_64");
        Tree.Builder b = Tree.builder();
        repos.addLazilyTo(b, repoid -> repos.prepareRepodata(repoid, store(), RepodataPolicy.HEADERS, notices::add), "/cachi2",
                RepoOptions.DEFAULT);
        Tree tree = b.build();
        assertThat(tree.lookup("output/deps/rpm/x86_64/repos.d/hermeto.repo")).isInstanceOf(FileNode.class);
        assertThat(upstream.requests()).as("nothing before a look into a repository").isEmpty();

        assertThat(tree.lookup("output/deps/rpm/x86_64/lazy-app/repodata/repomd.xml")).isInstanceOf(FileNode.class);
        assertThat(upstream.requests()).singleElement().extracting(UpstreamServer.Request::path).isEqualTo("/x86/" + app.fileName());

        upstream.fault("/x86/" + extra.fileName(), UpstreamServer.Fault.status(404, 100));
        assertThatThrownBy(() -> tree.lookup("output/deps/rpm/x86_64/lazy-base/repodata"))
                .hasMessageContaining(extra.fileName()).hasMessageContaining("404");
        assertThatThrownBy(() -> tree.lookup("output/deps/rpm/x86_64/lazy-base")).hasMessageContaining("404");
        String sha = UpstreamServer.sha256(Files.readAllBytes(work.resolve("rpms.lock.yaml")));
        assertThat(cache().resolve("repodata/" + sha + "/x86_64/lazy-app/repodata/repomd.xml")).isRegularFile();
        assertThat(cache().resolve("repodata/" + sha + "/x86_64/lazy-base")).doesNotExist();
        try (Stream<Path> tmp = Files.list(cache().resolve("tmp"))) {
            assertThat(tmp.map(p -> p.getFileName().toString())).as("no half-written repodata").noneMatch(n -> n.contains("repodata"));
        }
    }

    /** lazy-app (x86_64) holds lazyapp, lazy-base holds lazylib and lazyextra; aarch64 holds lazyarm. */
    private Path lockfile(boolean withModules) throws Exception {
        URI appUrl = upstream.put("/x86/" + app.fileName(), app.bytes());
        URI libUrl = upstream.put("/x86/" + lib.fileName(), lib.bytes());
        URI extraUrl = upstream.put("/x86/" + extra.fileName(), extra.bytes());
        URI armUrl = upstream.put("/arm/" + arm.fileName(), arm.bytes());
        RpmLockWriter w = new RpmLockWriter()
                .rpm("x86_64", "lazy-app", appUrl, app.bytes().length, UpstreamServer.sha256(app.bytes()), "lazyapp", "1.0-1")
                .rpm("x86_64", "lazy-base", libUrl, lib.bytes().length, UpstreamServer.sha256(lib.bytes()), "lazylib", "2.0-1")
                .rpm("x86_64", "lazy-base", extraUrl, extra.bytes().length, UpstreamServer.sha256(extra.bytes()), "lazyextra", "3.0-1")
                .rpm("aarch64", "lazy-base", armUrl, arm.bytes().length, UpstreamServer.sha256(arm.bytes()), "lazyarm", "1.0-1");
        if (withModules) {
            byte[] modules = gzip("""
                    ---
                    document: modulemd
                    version: 2
                    data:
                      name: lazystream
                      stream: "1"
                      version: 1
                      context: abcd1234
                      arch: x86_64
                      summary: a test stream
                      description: a test stream
                      license:
                        module: [MIT]
                      artifacts:
                        rpms: [lazylib-0:2.0-1.noarch]
                    ...
                    """.getBytes(StandardCharsets.UTF_8));
            URI url = upstream.put("/x86/repodata/abc-modules.yaml.gz", modules);
            w.moduleMetadata("x86_64", "lazy-base", url, modules.length, UpstreamServer.sha256(modules));
        }
        Path f = work.resolve("rpms.lock.yaml");
        Files.writeString(f, w.toYaml());
        return f;
    }

    private Path cache() {
        return work.resolve("cache");
    }

    private ContentStore store() {
        return ContentStore.builder(cache()).then(new UpstreamSource(http)).build();
    }

    /** The location hrefs of primary.xml: what dnf opens relative to the baseurl. */
    static List<String> hrefs(Path repodata) throws Exception {
        try (Stream<Path> files = Files.list(repodata)) {
            Path primary = files.filter(p -> p.getFileName().toString().endsWith("primary.xml.gz")).findFirst().orElseThrow();
            String xml = gunzip(Files.readAllBytes(primary));
            List<String> out = new ArrayList<>();
            var m = java.util.regex.Pattern.compile("<location href=\"([^\"]+)\"").matcher(xml);
            while (m.find()) {
                out.add(m.group(1));
            }
            return out;
        }
    }

    static String gunzip(byte[] gz) throws Exception {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static byte[] gzip(byte[] raw) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(raw);
        }
        return out.toByteArray();
    }
}
