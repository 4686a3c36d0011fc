package dev.lazybuild.vfs.pip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lazybuild.fetch.FetchException;
import dev.lazybuild.fetch.http.HttpUpstream;
import dev.lazybuild.fetch.http.MirrorRules;
import dev.lazybuild.testkit.Sdists;
import dev.lazybuild.testkit.SimpleIndex;
import dev.lazybuild.testkit.UpstreamServer;
import dev.lazybuild.testkit.Wheels;
import dev.lazybuild.vfs.lockfile.Ecosystem;
import dev.lazybuild.vfs.lockfile.LockedFile;
import dev.lazybuild.vfs.lockfile.LockfileException;
import dev.lazybuild.vfs.lockfile.Lockfiles;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Resolution against a real simple index on 127.0.0.1 (PEP 503 HTML and PEP 691 JSON), by Hermeto's rules. */
class PipResolverTest {
    private static final String ANY = Wheels.fileName("demo", "1.0");
    private static final String X86 = "demo-1.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl";
    private static final String ARM = "demo-1.0-cp312-cp312-manylinux_2_17_aarch64.manylinux2014_aarch64.whl";
    private static final String WIN = "demo-1.0-cp312-cp312-win_amd64.whl";
    private static final String SDIST = Sdists.fileName("demo", "1.0");
    private static final String NEWER = Wheels.fileName("demo", "2.0");

    @TempDir
    Path dir;
    private UpstreamServer server;
    private SimpleIndex index;
    private HttpUpstream http;
    private HttpIndexTransport transport;
    private final Map<String, byte[]> content = new java.util.HashMap<>();

    @BeforeEach
    void startIndex() {
        server = UpstreamServer.start();
        index = new SimpleIndex(server);
        content.put(ANY, Wheels.build("demo", "1.0", "any", List.of()));
        content.put(X86, "x86 wheel".getBytes(StandardCharsets.UTF_8));
        content.put(ARM, "arm wheel".getBytes(StandardCharsets.UTF_8));
        content.put(WIN, "windows wheel".getBytes(StandardCharsets.UTF_8));
        content.put(SDIST, Sdists.build("demo", "1.0"));
        content.put(NEWER, Wheels.build("demo", "2.0", "newer", List.of()));
        for (String f : List.of(ANY, X86, ARM, WIN, SDIST, NEWER)) {
            index.add("demo", f, content.get(f));
        }
        index.publish();
        http = new HttpUpstream(4, Map.of());
        transport = new HttpIndexTransport(http, MirrorRules.NONE);
    }

    @AfterEach
    void stopIndex() throws IOException {
        http.close();
        server.close();
    }

    private String hash(String file) {
        return "--hash=sha256:" + UpstreamServer.sha256(content.get(file));
    }

    /** A requirements file with hashes for every 1.0 file but the Windows wheel, and a marker and continuation lines. */
    private RequirementsFile requirements(URI indexUrl) throws IOException {
        Path file = dir.resolve("requirements.txt");
        Files.writeString(file, "--index-url " + indexUrl + "\n"
                + "Demo==1.0.0 ; python_version >= '3.8' \\\n"
                + "    " + hash(X86) + " \\\n    " + hash(ARM) + " \\\n    " + hash(ANY) + " \\\n    " + hash(SDIST) + "\n");
        return RequirementsFile.read(file);
    }

    private PipResolver resolver() {
        return new PipResolver(transport, Map.of(), null);
    }

    private static List<String> names(PipResolver.Resolution r) {
        return r.files().stream().map(PipFile::fileName).toList();
    }

    @ParameterizedTest(name = "{0} index")
    @ValueSource(strings = {"html", "json"})
    void asALockfileEveryFileWhoseHashIsListedAndNothingDownloaded(String kind) throws IOException {
        URI indexUrl = kind.equals("json") ? index.jsonIndex() : index.htmlIndex();
        PipResolver.Resolution r = resolver().resolveHashed(List.of(requirements(indexUrl)));

        assertThat(names(r)).containsExactlyInAnyOrder(X86, ARM, ANY, SDIST);
        for (PipFile f : r.files()) {
            assertThat(f.url()).isEqualTo(server.url(SimpleIndex.filePath(f.fileName())));
            assertThat(f.digest().hex()).isEqualTo(UpstreamServer.sha256(content.get(f.fileName())));
            // PEP 700 sizes come with JSON only; HTML leaves them to be looked up later.
            assertThat(f.size()).isEqualTo(kind.equals("json") ? content.get(f.fileName()).length : -1);
            assertThat(f.origin()).isEqualTo("requirements.txt:2 (Demo==1.0.0)");
        }
        assertThat(server.requests()).extracting(UpstreamServer.Request::path).containsExactly(kind.equals("json") ? "/json/demo/" : "/simple/demo/");
        assertThat(server.requests()).noneMatch(q -> q.path().startsWith("/files/"));
    }

    @Test
    void withoutABinaryFilterHermetoTakesTheSdistOnly() throws IOException {
        assertThat(names(resolver().resolve(List.of(requirements(index.htmlIndex())), null))).containsExactly(SDIST);
    }

    @Test
    void preferBinaryTakesTheMatchingWheelsAndAnSdist() throws IOException {
        assertThat(names(resolver().resolve(List.of(requirements(index.jsonIndex())), BinaryFilter.defaults())))
                .containsExactlyInAnyOrder(X86, ANY, SDIST);
        BinaryFilter arm = BinaryFilter.fromHermetoInput(Map.of("arch", "aarch64"));
        assertThat(names(resolver().resolve(List.of(requirements(index.jsonIndex())), arm))).containsExactlyInAnyOrder(ARM, ANY, SDIST);
    }

    @Test
    void namedPackagesGetWheelsOnlyAndTheOthersSdistsOnly() throws IOException {
        BinaryFilter demo = BinaryFilter.fromHermetoInput(Map.of("packages", "DEMO", "arch", "x86_64,aarch64"));
        assertThat(names(resolver().resolve(List.of(requirements(index.jsonIndex())), demo))).containsExactlyInAnyOrder(X86, ARM, ANY);
        BinaryFilter other = BinaryFilter.fromHermetoInput(Map.of("packages", "numpy"));
        assertThat(names(resolver().resolve(List.of(requirements(index.jsonIndex())), other))).containsExactly(SDIST);
    }

    @Test
    void aWheelOnlyPackageWithoutAMatchingWheelIsRefusedAsHermetoRefusesIt() throws IOException {
        BinaryFilter s390x = BinaryFilter.fromHermetoInput(Map.of("packages", "demo", "arch", "s390x", "py_impl", "pp"));
        LockfileException e = catchThrowableOfType(() -> resolver().resolve(List.of(requirements(index.jsonIndex())), s390x),
                LockfileException.class);
        // py3-none-any fits every platform, so only a filter that excludes it leaves no wheel.
        assertThat(e).isNull();
        BinaryFilter none = BinaryFilter.fromHermetoInput(Map.of("packages", "demo", "platform", "^win"));
        e = catchThrowableOfType(() -> resolver().resolve(List.of(requirements(index.jsonIndex())), none), LockfileException.class);
        assertThat(e.getMessage()).isEqualTo(dir.resolve("requirements.txt") + ": line 2: No wheels found for package demo==1.0.0 "
                + "(please update the binary filters)");
    }

    @Test
    void withoutAListedSdistHashHermetosDefaultFindsNoDistribution() throws IOException {
        Path file = dir.resolve("requirements.txt");
        Files.writeString(file, "--index-url " + index.jsonIndex() + "\ndemo==1.0 " + hash(X86) + "\n");
        LockfileException e = catchThrowableOfType(() -> resolver().resolve(List.of(RequirementsFile.read(file)), null),
                LockfileException.class);
        assertThat(e.getMessage()).isEqualTo(file + ": line 2: No distributions found for package demo==1.0 "
                + "(please check that the package exists and that the name and version are correct)");
    }

    @Test
    void anIndexWithoutHashesIsCheckedByDownloadingAsHermetoDoesAndSaysSo() throws IOException {
        try (UpstreamServer bare = UpstreamServer.start()) {
            SimpleIndex hashless = new SimpleIndex(bare);
            hashless.addWithoutHash("demo", ANY, content.get(ANY)).addWithoutHash("demo", X86, "tampered".getBytes(StandardCharsets.UTF_8))
                    .publish();
            PipResolver.Resolution r = resolver().resolveHashed(List.of(requirements(hashless.htmlIndex())));
            assertThat(names(r)).containsExactly(ANY);
            assertThat(bare.requests()).extracting(UpstreamServer.Request::path)
                    .containsExactly("/simple/demo/", SimpleIndex.filePath(ANY), SimpleIndex.filePath(X86));
            assertThat(r.notices()).containsExactly(
                    "requirements.txt:2 (Demo==1.0.0): the index gives no hash of " + ANY + "; downloaded it to check it against "
                            + "the requirements file, as Hermeto does",
                    "requirements.txt:2 (Demo==1.0.0): the index gives no hash of " + X86 + " and its content matches none of the "
                            + "requirement's hashes; left out, as Hermeto leaves it out");
        }
    }

    @Test
    void aMissingProjectIsAFetchErrorNamingThePage() throws IOException {
        Path file = dir.resolve("requirements.txt");
        Files.writeString(file, "--index-url " + index.jsonIndex() + "\nmissing==1.0 " + hash(X86) + "\n");
        FetchException e = catchThrowableOfType(() -> resolver().resolveHashed(List.of(RequirementsFile.read(file))), FetchException.class);
        assertThat(e.getMessage()).isEqualTo("PyPI query failed: the index has no project page " + index.jsonIndex() + "missing/ (404)");
    }

    @Test
    void aResolvedInputIsCachedUntilTheFileTheIndexOrTheOptionsChange() throws IOException {
        ResolutionCache cache = new ResolutionCache(dir.resolve("cache"));
        PipResolver cached = new PipResolver(transport, Map.of(), cache);
        RequirementsFile file = requirements(index.jsonIndex());
        PipResolver.Resolution first = cached.resolve(List.of(file), BinaryFilter.defaults());
        assertThat(server.requests()).hasSize(1);

        server.clearLog();
        assertThat(cached.resolve(List.of(RequirementsFile.read(file.path())), BinaryFilter.defaults())).isEqualTo(first);
        assertThat(server.requests()).as("a second resolution asks the index nothing").isEmpty();

        cached.resolve(List.of(file), BinaryFilter.fromHermetoInput(Map.of("arch", "aarch64")));
        assertThat(server.requests()).as("other binary options are another entry").hasSize(1);
        cached.resolveHashed(List.of(file));
        assertThat(server.requests()).as("the lockfile selection is another entry").hasSize(2);
        cached.resolve(List.of(requirements(index.htmlIndex())), BinaryFilter.defaults());
        assertThat(server.requests()).as("another index is another entry").hasSize(3);

        try (var entries = Files.list(dir.resolve("cache"))) {
            for (Path entry : entries.toList()) {
                Files.writeString(entry, "{not json");
            }
        }
        assertThat(cached.resolve(List.of(file), BinaryFilter.defaults())).as("a damaged entry is resolved again").isEqualTo(first);
        assertThat(server.requests()).hasSize(4);
    }

    @Test
    void urlRequirementsAreNamedAsHermetoNamesThem() throws IOException {
        Path file = dir.resolve("requirements.txt");
        String sha = UpstreamServer.sha256(content.get(SDIST));
        Files.writeString(file, "Demo_Pkg @ https://files.example/archive/v1.0.tar.gz#egg=Demo_Pkg --hash=sha256:" + sha + "\n"
                + "other @ https://files.example/dl/other%2Bx-1.0-py3-none-any.whl --hash=sha256:" + sha + "\n"
                + "third @ https://files.example/dl/third-1.0-py3-none-any.whl;v=2 --hash=sha256:" + sha + "\n");
        PipResolver.Resolution r = resolver().resolveHashed(List.of(RequirementsFile.read(file)));
        // urlparse leaves an http URL's ";params" out of its path, so the third is a wheel, named as such.
        assertThat(names(r)).containsExactly("demo-pkg-" + sha + ".tar.gz", "other+x-1.0-py3-none-any.whl",
                "third-1.0-py3-none-any.whl");
        assertThat(r.files().get(0).url()).isEqualTo(URI.create("https://files.example/archive/v1.0.tar.gz"));
        assertThat(server.requests()).isEmpty();
        // inject-files points the requirements file at exactly these names.
        String rewritten = new String(dev.lazybuild.vfs.inject.PipInjection.requirementsFile(RequirementsFile.read(file), "/o")
                .orElseThrow(), StandardCharsets.UTF_8);
        assertThat(names(r)).allSatisfy(name -> assertThat(rewritten).contains(" @ file:///o/deps/pip/" + name));
    }

    @Test
    void vcsRequirementsAreOneClearError() throws IOException {
        Path file = dir.resolve("requirements.txt");
        Files.writeString(file, "foo @ git+https://github.com/o/foo@" + "ab".repeat(20) + "\n");
        LockfileException e = catchThrowableOfType(() -> resolver().resolve(List.of(RequirementsFile.read(file)), null),
                LockfileException.class);
        assertThat(e.getMessage()).startsWith(file + ": line 1: VCS requirements are not supported by lazybuild yet");
    }

    @Test
    void theBestSdistIsNotYankedThenTarGzThenZip() throws IOException {
        try (UpstreamServer other = UpstreamServer.start()) {
            byte[] zip = "zip".getBytes(StandardCharsets.UTF_8);
            byte[] tgz = "tgz".getBytes(StandardCharsets.UTF_8);
            SimpleIndex both = new SimpleIndex(other).add("pkg", "pkg-1.0.zip", zip).addYanked("pkg", "pkg-1.0.tar.gz", tgz).publish();
            Path file = dir.resolve("requirements.txt");
            Files.writeString(file, "--index-url " + both.htmlIndex() + "\npkg==1.0 --hash=sha256:" + UpstreamServer.sha256(zip)
                    + " --hash=sha256:" + UpstreamServer.sha256(tgz) + "\n");
            assertThat(names(resolver().resolve(List.of(RequirementsFile.read(file)), null))).containsExactly("pkg-1.0.zip");
            new SimpleIndex(other).add("pkg", "pkg-1.0.zip", zip).add("pkg", "pkg-1.0.tar.gz", tgz).publish();
            assertThat(names(resolver().resolve(List.of(RequirementsFile.read(file)), null))).containsExactly("pkg-1.0.tar.gz");
        }
    }

    @Test
    void aHermetoPipInputReadsItsRequirementsAndBuildRequirementsFromTheSourceDirectory() throws IOException {
        Path pkg = Files.createDirectories(dir.resolve("src/app"));
        Files.writeString(pkg.resolve("requirements.cpu.txt"), "--index-url " + index.jsonIndex() + "\ndemo==1.0 " + hash(X86) + " " + hash(SDIST) + "\n");
        Files.writeString(pkg.resolve("requirements-build.txt"), "--index-url " + index.htmlIndex() + "\ndemo==1.0 " + hash(SDIST) + "\n");
        PipInput input = PipInput.fromHermetoInput(Map.of("type", "pip", "path", "app", "requirements_files", List.of("requirements.cpu.txt"),
                "binary", Map.of("arch", "x86_64")));

        PipResolver.Resolution r = resolver().resolve(dir.resolve("src"), input);

        // The build file's sdist is the same file as the requirements file's: listed once.
        assertThat(names(r)).containsExactly(X86, SDIST);
        assertThat(r.files().get(1).origin()).isEqualTo("requirements.cpu.txt:2 (demo==1.0)");
    }

    @Test
    void pipIndexUrlAppliesToFilesThatNameNoIndex() throws IOException {
        Path file = dir.resolve("requirements.txt");
        Files.writeString(file, "demo==1.0 " + hash(ANY) + "\n");
        PipResolver fromEnv = new PipResolver(transport, Map.of("PIP_INDEX_URL", index.jsonIndex().toString()), null);
        assertThat(names(fromEnv.resolveHashed(List.of(RequirementsFile.read(file))))).containsExactly(ANY);
    }

    @Test
    void theTreeGetsTheFilesUnderDepsPipAndAnUnsafeNameFromTheIndexIsRefused() throws IOException {
        PipResolver.Resolution r = resolver().resolveHashed(List.of(requirements(index.jsonIndex())));
        assertThat(r.lockedFiles()).extracting(LockedFile::path).containsExactlyInAnyOrder(
                "deps/pip/" + X86, "deps/pip/" + ARM, "deps/pip/" + ANY, "deps/pip/" + SDIST);
        assertThat(r.lockedFiles()).allSatisfy(f -> assertThat(f.ecosystem()).isEqualTo(Ecosystem.PIP));

        PipFile hostile = new PipFile("../demo-1.0.tar.gz", URI.create("https://e.org/x"), r.files().get(0).digest(), -1, "r.txt:2 (demo==1.0)");
        LockfileException e = catchThrowableOfType(() -> new PipResolver.Resolution(List.of(hostile), List.of()).lockedFiles(),
                LockfileException.class);
        assertThat(e.getMessage()).isEqualTo("r.txt:2 (demo==1.0): unsafe file name '../demo-1.0.tar.gz' from https://e.org/x: contains '/'");
    }

    @Test
    void aRequirementsFileIsALockfileOnlyWhenNamed() throws IOException {
        Files.writeString(dir.resolve("requirements.txt"), "demo==1.0\n");
        Files.writeString(dir.resolve("pylock.toml"), "lock-version = \"1.0\"\n");
        assertThat(Lockfiles.Kind.ofFileName("requirements.cpu.txt")).isEqualTo(Lockfiles.Kind.REQUIREMENTS);
        assertThat(Lockfiles.Kind.ofFileName("requirements-build.txt")).isEqualTo(Lockfiles.Kind.REQUIREMENTS);
        assertThat(Lockfiles.Kind.ofFileName("dev-requirements.txt")).isNull();
        assertThat(Lockfiles.discover(dir)).containsExactly(dir.resolve("pylock.toml"));
    }

    @Test
    void anIndexBehindAMirrorAndCredentialsIsReachedAsDownloadsAreWithCredentialsFromNetrcOnly() throws IOException {
        server.requireBasicAuth("reader", "s3cret");
        Path netrc = Files.writeString(dir.resolve("netrc"), "machine 127.0.0.1 login reader password s3cret\n");
        URI official = URI.create("https://pypi.example/simple/");
        try (HttpUpstream withNetrc = new HttpUpstream(4, Map.of("NETRC", netrc.toString()))) {
            MirrorRules mirror = new MirrorRules(Map.of(official.toString(), index.jsonIndex().toString()));
            PipResolver r = new PipResolver(new HttpIndexTransport(withNetrc, mirror), Map.of(), null);
            PipResolver.Resolution resolution = r.resolveHashed(List.of(requirements(official)));
            // Relative links of the mirror's page name the official index: the mirror rule applies to them at download.
            assertThat(resolution.files()).extracting(f -> f.url().toString())
                    .containsExactlyInAnyOrder(Stream.of(X86, ARM, ANY, SDIST).map(n -> "https://pypi.example/files/" + n).toArray(String[]::new));
        }
        assertThat(server.requests()).extracting(UpstreamServer.Request::path).containsExactly("/json/demo/");
        FetchException e = catchThrowableOfType(() -> resolver().resolveHashed(List.of(requirements(index.jsonIndex()))), FetchException.class);
        assertThat(e.getMessage()).isEqualTo("PyPI query failed: " + index.jsonIndex() + "demo/ answered 401 (an index that needs "
                + "credentials gets them from ~/.netrc, never from the URL)");
    }

    @Test
    void aFileWithoutHashesIsNoLockfile() throws IOException {
        Path file = dir.resolve("requirements.txt");
        Files.writeString(file, "demo==1.0\n");
        LockfileException e = catchThrowableOfType(() -> resolver().resolveHashed(List.of(RequirementsFile.read(file))),
                LockfileException.class);
        assertThat(e.getMessage()).startsWith(file + ": no requirement has a --hash");
    }
}
