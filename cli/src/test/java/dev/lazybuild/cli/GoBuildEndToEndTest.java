package dev.lazybuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.testkit.BaseImage;
import dev.lazybuild.testkit.GoModules;
import dev.lazybuild.testkit.Podman;
import dev.lazybuild.testkit.UpstreamServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Go program built by {@code lazybuild build --lockfile go.mod} with {@code --network=none}:
 * its Dockerfile sources Hermeto's cachi2.env and runs {@code go build} against the lazy module
 * cache (GOPROXY=file://.../cache/download), with GOCACHE and GOMODCACHE moved to a writable
 * path (the mount is read-only). The module proxy is the loopback server.
 */
class GoBuildEndToEndTest extends BuildEndToEnd {
    private static final String PROXY = "/goproxy/";
    Path context;

    @BeforeEach
    void goProject() throws Exception {
        GoModules modules = new GoModules(Files.createDirectories(work.resolve("go")));
        // color is a go 1.16 module (unpruned graph): oldlib's go.mod is in the tree, its zip is not.
        modules.module("example.com/oldlib", "v1.0.0").pkg("").publish();
        modules.module("example.com/color", "v1.2.0").go("1.16").require("example.com/oldlib", "v1.0.0").pkg("").publish();
        modules.module("example.com/greet", "v1.0.0").require("example.com/color", "v1.2.0")
                .pkg("", "example.com/color").publish();
        // Only toolkit/strs is imported; toolkit/net (and the netlib it needs) is never built.
        modules.module("example.com/netlib", "v1.0.0").pkg("").publish();
        modules.module("example.com/toolkit", "v1.1.0").require("example.com/netlib", "v1.0.0")
                .pkg("strs").pkg("net", "example.com/netlib").publish();
        // Only the main module's test imports assert: go mod download fetches it, go build does not.
        modules.module("example.com/assert", "v1.0.0").pkg("").publish();
        context = GoModules.app(work.resolve("context"), "example.com/app", "1.21", "example.com/greet", "example.com/toolkit/strs");
        Files.writeString(context.resolve("main_test.go"),
                "package main\n\nimport (\n\t\"testing\"\n\n\t_ \"example.com/assert\"\n)\n\nfunc TestNothing(t *testing.T) {}\n");
        modules.tidy(context);
        modules.serve(upstream, PROXY);
        Files.writeString(context.resolve("Dockerfile"), "FROM " + BaseImage.NAME + "\n"
                + "WORKDIR /src\n"
                + "COPY go.mod go.sum main.go ./\n"
                + "RUN . /cachi2/cachi2.env && export GOCACHE=/tmp/gocache GOMODCACHE=/tmp/gomodcache"
                + " && go build -o /usr/local/bin/app . && ls /sys/class/net\n");
    }

    private CliRunner build() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("GOPROXY", upstream.url(PROXY).toString() + ",direct");
        return CliRunner.runWith(env, "build",
                "--cache-dir", work.resolve("cache").toString(), "--lockfile", context.resolve("go.mod").toString(),
                "--runtime", "runc", "--network=none", "--no-cache", "-t", image, context.toString());
    }

    @Test
    void aGoProgramBuildsOfflineAndOpensOnlyTheModulesItCompiles() {
        CliRunner r = build();
        System.out.println(r + "\nrequests: " + upstream.requests());

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(Podman.runIn(image, "/usr/local/bin/app"))
                .contains("example.com/greet", "example.com/toolkit/strs");
        List<String> gets = upstream.requests().stream().filter(q -> q.method().equals("GET")).map(UpstreamServer.Request::path).toList();
        for (String module : List.of("example.com/greet/@v/v1.0.0", "example.com/color/@v/v1.2.0", "example.com/toolkit/@v/v1.1.0")) {
            for (String ext : List.of(".info", ".mod", ".zip")) {
                assertThat(upstream.gets(PROXY + module + ext)).as(module + ext).isEqualTo(1);
            }
        }
        assertThat(gets).as("each file at most once").doesNotHaveDuplicates();
        assertThat(upstream.gets(PROXY + "example.com/assert/@v/v1.0.0.zip")).as("a zip the build does not compile").isZero();
        assertThat(gets).noneMatch(p -> p.contains("netlib") || p.endsWith("oldlib/@v/v1.0.0.zip") || p.endsWith("/list"));
        assertThat(PipBuildEndToEndTest.leftoverMounts()).isEmpty();
    }

    @Test
    void aTamperedZipFailsTheOpenWithAnErrorNamingTheModule() throws Exception {
        // The proxy serves another zip for greet v1.0.0: valid, the same module's files plus one.
        Path evil = new GoModules(Files.createDirectories(work.resolve("evil"))).module("example.com/greet", "v1.0.0")
                .require("example.com/color", "v1.2.0").pkg("", "example.com/color")
                .file("evil.go", "package greet\n\nfunc init() { panic(\"tampered\") }\n").publish();
        upstream.put(PROXY + "example.com/greet/@v/v1.0.0.zip", Files.readAllBytes(evil));

        CliRunner r = build();
        System.out.println(r);

        assertThat(r.status()).isNotZero();
        assertThat(r.toString()).contains("example.com/greet@v1.0.0: its zip from the module proxy hashes to h1:",
                "but go.sum says h1:");
        assertThat(Podman.exec(List.of("podman", "image", "exists", image)).status()).isNotZero();
        assertThat(PipBuildEndToEndTest.leftoverMounts()).isEmpty();
    }
}
