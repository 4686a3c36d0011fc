package dev.lazybuild.vfs.gomod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lazybuild.testkit.GoModules;
import dev.lazybuild.vfs.lockfile.LockfileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tree lazybuild lists for a Go module equals what the real {@code go mod download} (as
 * Hermeto runs it) leaves in the module cache, on module graphs made here: pruned and unpruned
 * dependencies, a main module before and after Go 1.17, replacements, upper-case paths. The
 * proxy is a directory the go tool reads as {@code GOPROXY=file://}.
 */
class GoModuleAgainstGoToolTest {
    @TempDir
    Path work;
    GoModules proxy;

    @BeforeEach
    void publishGraph() {
        proxy = new GoModules(work);
        proxy.module("example.com/d", "v1.0.0").pkg("").publish();
        proxy.module("example.com/d", "v1.1.0").pkg("").publish();
        proxy.module("example.com/c", "v1.0.0").require("example.com/d", "v1.0.0").pkg("", "example.com/d").publish();
        // Before go 1.17 a module's graph is not pruned: everything below it has its go.mod read.
        proxy.module("example.com/b", "v1.0.0").go("1.16").require("example.com/c", "v1.0.0")
                .pkg("", "example.com/c").publish();
        proxy.module("example.com/f", "v1.0.0").pkg("").publish();
        // e's sub package (never imported) needs f: f is in no build, and e's graph is pruned.
        proxy.module("example.com/e", "v1.0.0").require("example.com/f", "v1.0.0").require("example.com/d", "v1.1.0")
                .pkg("").pkg("sub", "example.com/f").publish();
        proxy.module("example.com/a", "v1.0.0").require("example.com/b", "v1.0.0").require("example.com/e", "v1.0.0")
                .pkg("", "example.com/b", "example.com/e").publish();
        proxy.module("example.com/Upper/Case", "v1.2.0-Beta.1").pkg("").publish();
    }

    @Test
    void prunedMainModuleListsWhatGoModDownloadLeaves() throws IOException {
        Path app = GoModules.app(work.resolve("app"), "example.com/app", "1.21", "example.com/a", "example.com/Upper/Case");
        proxy.tidy(app);

        assertSameAsGo(app);
        // f is in the graph (e requires it) but e's graph is pruned: neither its go.mod nor its zip.
        assertThat(listed(app)).noneMatch(p -> p.startsWith("example.com/f/"))
                .contains("example.com/!upper/!case/@v/v1.2.0-!beta.1.zip", "example.com/d/@v/v1.0.0.mod")
                .doesNotContain("example.com/d/@v/v1.0.0.zip");
    }

    @Test
    void unprunedMainModuleDownloadsTheWholeBuildList() throws IOException {
        Path app = GoModules.app(work.resolve("app"), "example.com/app", "1.16", "example.com/a");
        proxy.tidy(app);

        assertSameAsGo(app);
    }

    @Test
    void replacementsFetchTheReplacementAndNothingForADirectory() throws IOException {
        proxy.module("example.com/e2", "v1.0.0").require("example.com/d", "v1.1.0").pkg("").publish();
        Path app = GoModules.app(work.resolve("app"), "example.com/app", "1.21", "example.com/a");
        Files.createDirectories(app.resolve("local/b"));
        Files.writeString(app.resolve("local/b/go.mod"), "module example.com/b\n\ngo 1.21\n");
        Files.writeString(app.resolve("local/b/b.go"), "package b\n\nfunc Name() string { return \"local b\" }\n");
        Files.writeString(app.resolve("go.mod"), Files.readString(app.resolve("go.mod"))
                + "\nreplace example.com/e v1.0.0 => example.com/e2 v1.0.0\n\nreplace example.com/b => ./local/b\n");
        proxy.tidy(app);

        assertSameAsGo(app);
        assertThat(listed(app)).contains("example.com/e2/@v/v1.0.0.zip").noneMatch(p -> p.startsWith("example.com/b/"))
                .noneMatch(p -> p.startsWith("example.com/e/"));
    }

    @Test
    void aWorkspaceDownloadsForEveryModuleItUses() throws IOException {
        Path app = GoModules.app(work.resolve("repo/app"), "example.com/app", "1.21", "example.com/a");
        Path tool = GoModules.app(work.resolve("repo/tools/tool"), "example.com/tool", "1.21", "example.com/d");
        proxy.tidy(app);
        proxy.tidy(tool);
        Files.writeString(work.resolve("repo/go.work"), "go 1.21\n\nuse (\n\t./app\n\t./tools/tool\n)\n");

        // In workspace mode go mod download fetches the whole build list: f too (e requires it),
        // whose hashes it writes to go.work.sum, which a project commits with go.work.
        assertSameAsGo(app);
        assertThat(work.resolve("repo/go.work.sum")).content().contains("example.com/f v1.0.0 h1:");
        assertThat(listed(app)).contains("example.com/d/@v/v1.1.0.zip", "example.com/f/@v/v1.0.0.zip")
                .doesNotContain("example.com/d/@v/v1.0.0.zip");
    }

    @Test
    void aWorkspaceUsingADirectoryOutsideTheSourceIsRefused() throws IOException {
        Path app = GoModules.app(work.resolve("repo/app"), "example.com/app", "1.21");
        Files.writeString(work.resolve("repo/go.work"), "go 1.21\n\nuse ./app\nuse ../../etc\n");
        assertThatThrownBy(() -> GoModule.files(work.resolve("repo"), app)).isInstanceOf(LockfileException.class)
                .hasMessageContaining("go.work: use ../../etc leaves the source directory");
    }

    /** Same paths; generated files byte-equal; .zip and .mod hash to what go.sum says; .info as the proxy served it. */
    private void assertSameAsGo(Path app) throws IOException {
        Path byGo = proxy.download(app);
        List<CacheFile> ours = GoModule.files(work, app);
        assertThat(ours.stream().map(CacheFile::path).toList()).containsExactlyElementsOf(GoModules.filesUnder(byGo));
        Map<String, String> problems = new TreeMap<>();
        for (CacheFile f : ours) {
            Path real = byGo.resolve(f.path());
            switch (f.kind()) {
                case ZIP -> check(problems, f, DirHash.ofZip(real, f.module()), f.h1());
                case MOD -> check(problems, f, DirHash.ofGoMod(Files.readAllBytes(real)), f.h1());
                case INFO -> check(problems, f, Files.readString(real),
                        Files.readString(proxy.proxyDir().resolve(f.proxyPath())));
                default -> check(problems, f, Files.readString(real), new String(f.generated()));
            }
        }
        assertThat(problems).isEmpty();
    }

    private static void check(Map<String, String> problems, CacheFile f, String actual, String expected) {
        if (!actual.equals(expected)) {
            problems.put(f.path(), "go has " + actual + ", we have " + expected);
        }
    }

    private List<String> listed(Path app) {
        return GoModule.files(work, app).stream().map(CacheFile::path).toList();
    }
}
