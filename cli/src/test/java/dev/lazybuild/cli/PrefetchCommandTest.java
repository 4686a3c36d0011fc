package dev.lazybuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.cli.command.ExitCode;
import dev.lazybuild.cli.terminal.TerminalProgress;
import dev.lazybuild.testkit.PylockWriter;
import dev.lazybuild.testkit.UpstreamServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrefetchCommandTest {
    @TempDir
    Path work;

    private UpstreamServer upstream;
    private Path context;
    private Path cache;

    @BeforeEach
    void start() throws Exception {
        upstream = UpstreamServer.start();
        context = Files.createDirectories(work.resolve("context"));
        cache = work.resolve("cache");
        PylockWriter lock = new PylockWriter();
        for (int i = 0; i < 6; i++) {
            byte[] c = new byte[50_000 + i];
            new Random(i).nextBytes(c);
            String name = "pkg" + i + "-1.0-py3-none-any.whl";
            URI url = upstream.put("/w/" + name, c);
            lock.wheel("pkg" + i, "1.0", url, c.length, UpstreamServer.sha256(c));
        }
        Files.writeString(context.resolve("pylock.toml"), lock.toToml());
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void prefetchDownloadsEveryLockedFileOnceWithPlainProgressLines() {
        CliRunner r = CliRunner.run("prefetch", "--cache-dir", cache.toString(), "--jobs", "3", context.toString());

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.out()).contains("prefetched 6 of 6 files").contains("0 already cached");
        assertThat(r.err().lines().filter(l -> l.startsWith("downloaded pkg"))).hasSize(6);
        assertThat(r.err()).doesNotContain("\r");
        for (int i = 0; i < 6; i++) {
            assertThat(upstream.gets("/w/pkg" + i + "-1.0-py3-none-any.whl")).isEqualTo(1);
        }
        assertThat(CliRunner.run("cache", "verify", "--cache-dir", cache.toString()).status()).isZero();

        CliRunner again = CliRunner.run("prefetch", "--cache-dir", cache.toString(), context.toString());
        assertThat(again.out()).contains("prefetched 6 of 6 files").contains("6 already cached");
        assertThat(upstream.requests()).hasSize(6);
    }

    @Test
    void gcWhilePrefetchRunsKeepsWhatThePrefetchFetched() throws Exception {
        upstream.fault("/w/pkg5-1.0-py3-none-any.whl", UpstreamServer.Fault.delay(3000, 1));
        var prefetch = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                CliRunner.run("prefetch", "--cache-dir", cache.toString(), "--jobs", "6", context.toString()));
        long deadline = System.currentTimeMillis() + 20_000;
        while (upstream.requests().size() < 6 || objects() < 5) {
            assertThat(System.currentTimeMillis()).as("five files fetched before the slow one").isLessThan(deadline);
            Thread.sleep(20);
        }

        CliRunner gc = CliRunner.run("cache", "gc", "--max-size", "0", "--cache-dir", cache.toString());

        assertThat(gc.status()).as(gc.toString()).isZero();
        assertThat(objects()).isGreaterThanOrEqualTo(5);
        CliRunner done = prefetch.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(done.status()).as(done.toString()).isZero();
        assertThat(objects()).isEqualTo(6);
        assertThat(upstream.requests()).hasSize(6);
    }

    private long objects() throws Exception {
        Path objects = cache.resolve("objects");
        if (!Files.isDirectory(objects)) {
            return 0;
        }
        try (var files = Files.walk(objects)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void aFileThatCannotBeFetchedIsReportedAndTheOthersStillArrive() {
        upstream.fault("/w/pkg2-1.0-py3-none-any.whl", UpstreamServer.Fault.status(404, 100));

        CliRunner r = CliRunner.run("prefetch", "--cache-dir", cache.toString(), context.toString());

        assertThat(r.status()).as(r.toString()).isEqualTo(ExitCode.FETCH.code());
        assertThat(r.out()).contains("prefetched 5 of 6 files");
        assertThat(r.err()).contains("lazybuild: error: cannot download pkg2-1.0-py3-none-any.whl: HTTP 404 from "
                + upstream.url("/w/pkg2-1.0-py3-none-any.whl"));
    }

    @Test
    @Tag("e2e") // rpmbuild makes the RPMs, createrepo_c the repodata
    void rpmOnlyFetchesTheRpmsAndWarmsTheRepodataCacheSoABuildNeedsNoEagerStep() throws Exception {
        dev.lazybuild.testkit.Prerequisites.requireProgram("rpmbuild");
        dev.lazybuild.testkit.Prerequisites.requireProgram("createrepo_c");
        dev.lazybuild.testkit.Rpms.Rpm rpm = dev.lazybuild.testkit.Rpms.build("lazyone", "1.0", "noarch", "one", java.util.List.of());
        URI url = upstream.put("/rpm/" + rpm.fileName(), rpm.bytes());
        Files.writeString(context.resolve("rpms.lock.yaml"), new dev.lazybuild.testkit.RpmLockWriter()
                .rpm("x86_64", "lazy-base", url, rpm.bytes().length, UpstreamServer.sha256(rpm.bytes()), "lazyone", "1.0-1")
                .toYaml());

        CliRunner r = CliRunner.run("prefetch", "--rpm-only", "--platform", "linux/amd64", "--cache-dir", cache.toString(),
                context.toString());

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.out()).contains("prefetched 1 of 1 files");
        assertThat(upstream.requests()).extracting(UpstreamServer.Request::path).containsExactly(url.getPath());
        try (var found = Files.walk(cache.resolve("repodata"))) {
            assertThat(found.filter(p -> p.endsWith("lazy-base/repodata/repomd.xml"))).hasSize(1);
        }
        // A plan-free check that a build would find it: the same lockfile prefetched again does nothing.
        upstream.clearLog();
        CliRunner again = CliRunner.run("prefetch", "--rpm-only", "--platform", "linux/amd64", "--cache-dir", cache.toString(),
                context.toString());
        assertThat(again.err()).doesNotContain("no cached repodata");
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void rpmOnlySkipsEverythingOutsideDepsRpm() {
        CliRunner r = CliRunner.run("prefetch", "--rpm-only", "--cache-dir", cache.toString(), context.toString());
        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.out()).contains("prefetched 0 of 0 files");
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void terminalProgressIsOneLineWithFilesBytesAndRate() {
        assertThat(TerminalProgress.line(12, 40, 35 * 1024 * 1024 + 200 * 1024, 0, 3_000_000_000L))
                .isEqualTo("12/40 files  35.2 MiB  11.7 MiB/s");
        assertThat(TerminalProgress.line(40, 40, 1000, 2, 1_000_000_000L)).endsWith("  2 failed");
    }

    @Test
    void terminalProgressRedrawsOneLineInPlace() {
        java.io.StringWriter s = new java.io.StringWriter();
        TerminalProgress p = new TerminalProgress(new java.io.PrintWriter(s), true, 2);
        dev.lazybuild.fetch.RemoteFile f = new dev.lazybuild.fetch.RemoteFile(URI.create("http://x/a"),
                dev.lazybuild.fetch.Digest.parsePrefixed("sha256:" + "a".repeat(64)), 10, "a");
        p.servedFromCache(f);
        p.downloadFinished(f, 10, 1);
        p.finish();
        assertThat(s.toString()).startsWith("\r1/2 files").contains("\r2/2 files  10 B").endsWith("\u001b[K" + System.lineSeparator());
        assertThat(s.toString().chars().filter(c -> c == '\n')).as("one line, redrawn with \\r").hasSize(1);
    }
}
