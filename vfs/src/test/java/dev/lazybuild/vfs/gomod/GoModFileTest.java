package dev.lazybuild.vfs.gomod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lazybuild.vfs.lockfile.LockfileException;
import org.junit.jupiter.api.Test;

class GoModFileTest {
    @Test
    void readsBlocksIndirectMarksReplacementsAndQuotedPaths() {
        GoModFile f = GoModFile.parse("go.mod", """
                // a comment
                module "example.com/app"

                go 1.22.3
                toolchain go1.23.1

                require (
                	golang.org/x/text v0.14.0 // indirect
                	`github.com/Azure/go-autorest` v14.2.0+incompatible
                )
                require example.com/one v1.0.0-rc.1 // indirect; for tests

                replace (
                	example.com/one => example.com/fork v1.1.0
                	example.com/two v1.0.0 => ../two
                )
                exclude example.com/bad v0.1.0
                retract v0.9.0
                godebug default=go1.21
                """, true);

        assertThat(f.module()).isEqualTo("example.com/app");
        assertThat(f.goVersion()).isEqualTo("1.22.3");
        assertThat(f.prunesModuleGraph()).isTrue();
        assertThat(f.requires()).containsExactly(
                new GoModFile.Requirement(new ModuleVersion("golang.org/x/text", "v0.14.0"), true),
                new GoModFile.Requirement(new ModuleVersion("github.com/Azure/go-autorest", "v14.2.0+incompatible"), false),
                new GoModFile.Requirement(new ModuleVersion("example.com/one", "v1.0.0-rc.1"), true));
        assertThat(f.replacementOf(new ModuleVersion("example.com/one", "v1.0.0-rc.1")).module())
                .isEqualTo(new ModuleVersion("example.com/fork", "v1.1.0"));
        assertThat(f.replacementOf(new ModuleVersion("example.com/two", "v1.0.0")).directory()).isEqualTo("../two");
        assertThat(f.replacementOf(new ModuleVersion("example.com/two", "v1.0.1"))).isNull();
        assertThat(f.excludes()).containsExactly(new ModuleVersion("example.com/bad", "v0.1.0"));
    }

    @Test
    void aModuleWithoutGoLineOrBefore117HasAnUnprunedGraph() {
        assertThat(GoModFile.parse("go.mod", "module example.com/a\n", true).prunesModuleGraph()).isFalse();
        assertThat(GoModFile.parse("go.mod", "module example.com/a\ngo 1.16\n", true).prunesModuleGraph()).isFalse();
        assertThat(GoModFile.parse("go.mod", "module example.com/a\ngo 1.17\n", true).prunesModuleGraph()).isTrue();
        assertThat(GoModFile.parse("go.mod", "module example.com/a\ngo 2.0\n", true).prunesModuleGraph()).isTrue();
    }

    @Test
    void hostileInputIsOneErrorNamingFileAndLine() {
        assertError("module example.com/a\nrequire example.com/b master\n",
                "p/go.mod:2: example.com/b: version 'master' is not a canonical version");
        assertError("module example.com/a\nrequire (\n\texample.com/b v1.0.0\n", "p/go.mod:2: 'require (' block is never closed");
        assertError("module example.com/a\nrequire ../b v1.0.0\n", "p/go.mod:2: module path '../b' has an element that starts");
        assertError("module example.com/a\nrequire example.com/b/../../x v1.0.0\n", "p/go.mod:2: module path");
        assertError("module example.com/a\nrequire example.com/b\n", "p/go.mod:2: 'require' takes 2 arguments, got 1");
        assertError("module example.com/a\ngo 1.21.0.0\n", "p/go.mod:2: invalid go version '1.21.0.0'");
        assertError("module example.com/a\ngo 99999999999.1\n", "p/go.mod:2: invalid go version");
        assertError("module example.com/a\nfrobnicate x\n", "p/go.mod:2: unknown directive 'frobnicate'");
        assertError("module example.com/a\nreplace example.com/b => example.com/c\n", "p/go.mod:2: replacement module example.com/c needs a version");
        assertError("module example.com/a\nreplace example.com/b => ./c v1.0.0\n", "p/go.mod:2: a replacement directory takes no version");
        assertError("module example.com/a\nreplace example.com/b => x => y\n", "p/go.mod:2: expected 'replace PATH");
        assertError("module example.com/a\nreplace example.com/b => ./c\nreplace example.com/b => ./d\n",
                "p/go.mod:3: duplicate replacement for example.com/b");
        assertError("module \"example.com/a\n", "p/go.mod:1: unterminated quoted string");
        assertError("require example.com/b v1.0.0\n", "p/go.mod: no 'module' line");
        assertError("module example.com/a\nrequire example.com/b\u0000 v1.0.0\n", "has an invalid character U+0000");
        assertError("module example.com/a\nrequire EXAMPLE.com/b v1.0.0\n", "has an invalid host name 'EXAMPLE.com'");
        assertError("module example.com/a\nrequire localhost/b v1.0.0\n", "does not start with a host name");
    }

    @Test
    void aDependencysGoModIsReadLeniently() {
        GoModFile dep = GoModFile.parse("dep.mod", "module example.com/dep\nfuture directive\nreplace a => ./b\nrequire example.com/x v1.0.0\n", false);
        assertThat(dep.replaces()).isEmpty();
        assertThat(dep.requires()).hasSize(1);
    }

    @Test
    void goWorkHasUseLinesAndNoModuleDirectives() {
        GoWork w = GoWork.parse("go.work", "go 1.22\n\nuse (\n\t./app\n\t\"./tools/my tool\"\n)\nreplace example.com/x => ./x\n");
        assertThat(w.uses()).containsExactly("./app", "./tools/my tool");
        assertThat(w.replaces()).hasSize(1);
        assertThatThrownBy(() -> GoWork.parse("go.work", "go 1.22\nrequire example.com/x v1.0.0\n"))
                .isInstanceOf(LockfileException.class).hasMessage("go.work:2: 'require' is a go.mod directive, not allowed in go.work");
        assertThatThrownBy(() -> GoWork.parse("go.work", "go 1.22\n")).isInstanceOf(LockfileException.class)
                .hasMessage("go.work: no 'use' line: a workspace needs at least one module");
        assertError("module example.com/a\nuse ./b\n", "p/go.mod:2: 'use' is a go.work directive");
    }

    private static void assertError(String text, String message) {
        assertThatThrownBy(() -> GoModFile.parse("p/go.mod", text, true))
                .isInstanceOf(LockfileException.class).hasMessageContaining(message);
    }
}
