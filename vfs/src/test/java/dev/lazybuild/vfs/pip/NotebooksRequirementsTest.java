package dev.lazybuild.vfs.pip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lazybuild.fetch.http.HttpUpstream;
import dev.lazybuild.fetch.http.MirrorRules;
import dev.lazybuild.testkit.RealLockfiles;
import dev.lazybuild.testkit.SimpleIndex;
import dev.lazybuild.testkit.UpstreamServer;
import dev.lazybuild.vfs.lockfile.LockfileException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * opendatahub-io/notebooks' real requirements files, resolved against a loopback index that
 * serves files with the names and sha256 of their companion pylock.toml (the pylock is the
 * independent account of which files those hashes are): the resolved file set equals the
 * pylock's, per architecture and binary option, and only project pages are requested.
 */
class NotebooksRequirementsTest {
    private static final String REAL_INDEX = "https://packages.redhat.com/api/pypi/public-rhai/rhoai/3.6-EA1/cpu-ubi9/simple/";
    private static final List<String> ARCHES = List.of("x86_64", "aarch64", "ppc64le", "s390x");

    private static UpstreamServer server;
    private static MirroredTransport transport;

    @BeforeAll
    static void serveTheIndex() throws IOException {
        server = UpstreamServer.start();
        SimpleIndex index = new SimpleIndex(server);
        for (String project : List.of("runtimes-minimal", "jupyter-minimal", "codeserver")) {
            for (LockedWheel w : pylock(project)) {
                index.addAdvertised(w.project(), w.fileName(), w.sha256(), w.fileName().getBytes(StandardCharsets.UTF_8));
                // What a real index lists besides: an sdist and another version, neither of whose hashes is pinned.
                index.add(w.project(), w.project() + "-" + w.version() + ".tar.gz", ("sdist of " + w.fileName()).getBytes(StandardCharsets.UTF_8));
                index.add(w.project(), w.fileName().replace("-" + w.version() + "-", "-0.0.1-"), new byte[] {1});
            }
        }
        index.publish();
        transport = new MirroredTransport(server.url("/json/"));
    }

    @AfterAll
    static void stopTheIndex() {
        server.close();
    }

    record LockedWheel(String project, String version, String fileName, String sha256) { }

    static Stream<Arguments> projects() {
        return Stream.of(Arguments.of("runtimes-minimal", 134), Arguments.of("jupyter-minimal", 161), Arguments.of("codeserver", 374));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("projects")
    void asALockfileTheFileSetIsThePylocksAndOnlyPagesAreRequested(String project, int hashes) throws IOException {
        server.clearLog();
        PipResolver.Resolution r = resolver().resolveHashed(List.of(requirements(project)));

        Set<String> expected = pylock(project).stream().map(w -> w.fileName() + " " + w.sha256()).collect(Collectors.toSet());
        assertThat(expected).hasSize(hashes);
        assertThat(set(r)).isEqualTo(expected);
        assertThat(r.files()).allSatisfy(f -> assertThat(f.url()).isEqualTo(server.url(SimpleIndex.filePath(f.fileName()))));
        Set<String> pages = pylock(project).stream().map(w -> "/json/" + w.project() + "/").collect(Collectors.toSet());
        assertThat(server.requests()).extracting(UpstreamServer.Request::path).containsExactlyInAnyOrderElementsOf(pages);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("projects")
    void perArchitectureTheBinaryFilterKeepsThatArchitecturesWheelsAndThePureOnes(String project, int hashes) throws IOException {
        RequirementsFile file = requirements(project);
        List<LockedWheel> locked = pylock(project);
        for (String arch : ARCHES) {
            BinaryFilter filter = BinaryFilter.fromHermetoInput(Map.of("arch", arch));
            List<LockedWheel> fitting = locked.stream()
                    .filter(w -> w.fileName().endsWith("-any.whl") || w.fileName().endsWith("_" + arch + ".whl")).toList();
            Set<String> withoutWheel = locked.stream().map(LockedWheel::project).collect(Collectors.toCollection(TreeSet::new));
            fitting.forEach(w -> withoutWheel.remove(w.project()));
            if (withoutWheel.isEmpty()) {
                assertThat(set(resolver().resolve(List.of(file), filter))).as(arch)
                        .isEqualTo(fitting.stream().map(w -> w.fileName() + " " + w.sha256()).collect(Collectors.toSet()));
            } else {
                // A package with no wheel for this architecture falls back to its sdist, whose hash is not pinned:
                // Hermeto fails there, and so does lazybuild.
                LockfileException e = catchThrowableOfType(() -> resolver().resolve(List.of(file), filter), LockfileException.class);
                assertThat(e).as(arch).isNotNull();
                assertThat(e.getMessage()).as(arch).containsPattern("No distributions found for package ("
                        + String.join("|", withoutWheel) + ")==");
            }
        }
        // The PipelineRuns' own option, spaces included: every architecture is the whole pylock.
        PipResolver.Resolution all = resolver().resolve(List.of(file),
                BinaryFilter.fromHermetoInput(Map.of("arch", "x86_64, aarch64, ppc64le, s390x")));
        assertThat(set(all)).isEqualTo(locked.stream().map(w -> w.fileName() + " " + w.sha256()).collect(Collectors.toSet()));
        assertThat(all.files()).hasSize(hashes);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("projects")
    void withoutBinaryHermetoFindsNoSdistWithAPinnedHash(String project, int hashes) throws IOException {
        RequirementsFile file = requirements(project);
        LockfileException e = catchThrowableOfType(() -> resolver().resolve(List.of(file), null), LockfileException.class);
        assertThat(e.getMessage()).contains(": line 2: No distributions found for package ");
    }

    private static Set<String> set(PipResolver.Resolution r) {
        return r.files().stream().map(f -> f.fileName() + " " + f.digest().hex()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static PipResolver resolver() {
        return new PipResolver(transport, Map.of(), null);
    }

    private static RequirementsFile requirements(String project) {
        return RequirementsFile.read(resource(project + ".requirements.cpu.txt"));
    }

    private static Path resource(String name) {
        try {
            return Path.of(NotebooksRequirementsTest.class.getResource("/pip/notebooks/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The wheels a pylock lists, read here with tomlj so that the expectation does not come from the code under test. */
    private static List<LockedWheel> pylock(String project) throws IOException {
        Path file = project.equals("jupyter-minimal") ? RealLockfiles.notebooks("jupyter-minimal.pylock.cpu.toml")
                : resource(project + ".pylock.cpu.toml");
        TomlParseResult toml = Toml.parse(file);
        assertThat(toml.errors()).isEmpty();
        TomlArray packages = toml.getArray("packages");
        Set<LockedWheel> out = new HashSet<>();
        for (int i = 0; i < packages.size(); i++) {
            TomlTable p = packages.getTable(i);
            TomlArray wheels = p.getArray("wheels");
            for (int w = 0; w < wheels.size(); w++) {
                String url = wheels.getTable(w).getString("url");
                out.add(new LockedWheel(p.getString("name"), p.getString("version"), url.substring(url.lastIndexOf('/') + 1),
                        wheels.getTable(w).getString("hashes.sha256")));
            }
        }
        return List.copyOf(out);
    }

    /** The real index's URL answered by the loopback one, as a configured mirror does. */
    private static final class MirroredTransport implements IndexTransport {
        private final HttpIndexTransport http = new HttpIndexTransport(new HttpUpstream(8, Map.of()), MirrorRules.NONE);
        private final URI mirror;

        MirroredTransport(URI mirror) {
            this.mirror = mirror;
        }

        @Override
        public Response get(URI url, String accept) throws IOException {
            assertThat(url.toString()).startsWith(REAL_INDEX);
            return http.get(URI.create(mirror + url.toString().substring(REAL_INDEX.length())), accept);
        }

        @Override
        public void download(URI url, OutputStream out) {
            throw new AssertionError("nothing is downloaded to resolve these files: " + url);
        }
    }
}
