package dev.lazybuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.store.StoreLayout;
import dev.lazybuild.testkit.BaseImage;
import dev.lazybuild.testkit.Podman;
import dev.lazybuild.testkit.Prerequisites;
import dev.lazybuild.testkit.PylockWriter;
import dev.lazybuild.testkit.UpstreamServer;
import dev.lazybuild.vfs.fuse.MountTable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * lazybuild leaves no mount and no process behind, whatever ends it: Ctrl-C or a service
 * manager's SIGTERM while a RUN step runs (forwarded to podman, exit 128+signal), or a
 * SIGKILL (which nothing can catch: the next run cleans the dead mount). A failed build still
 * saves its tier counts.
 */
@Tag("e2e")
class TeardownEndToEndTest {
    @TempDir
    Path work;

    /** The one locked wheel's bytes; nothing serves it (port 9), so a build finds it in the cache or not at all. */
    private static final byte[] WHEEL = "a locked wheel".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private final String image = "localhost/lazybuild-e2e-signal-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void removeImage() {
        Podman.removeImage(image);
    }

    @Test
    void sigintDuringARunStepStopsPodmanUnmountsAndExits130() throws Exception {
        assertSignalEndsTheBuild("INT", 130);
    }

    @Test
    void sigtermDuringARunStepStopsPodmanUnmountsAndExits143() throws Exception {
        assertSignalEndsTheBuild("TERM", 143);
    }

    private void assertSignalEndsTheBuild(String signal, int expectedStatus) throws Exception {
        Prerequisites.requirePodman();
        Path context = contextWith("FROM " + BaseImage.NAME + "\nRUN echo sleeping-now && sleep 60\n");
        Path runtime = work.resolve("run");
        try (LazybuildProcess lazybuild = LazybuildProcess.start(work.resolve("logs"),
                Map.of("LAZYBUILD_RUNTIME_DIR", runtime.toString()),
                "build", "--cache-dir", work.resolve("cache").toString(), "--runtime", "runc", "-t", image,
                context.toString())) {
            assertThat(lazybuild.awaitOutput("sleeping-now", 120)).as(lazybuild.toString()).isTrue();
            List<ProcessHandle> children = lazybuild.process().descendants().toList();
            // The FUSE tree and the writable /cachi2/output overlay over it.
            assertThat(mountsUnder(runtime)).hasSize(2);

            long started = System.nanoTime();
            lazybuild.signal(signal);
            int status = lazybuild.waitFor(60);
            System.out.printf("SIG%s: lazybuild exited %d after %d ms%n", signal, status,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));

            assertThat(status).as(lazybuild.toString()).isEqualTo(expectedStatus);
            assertThat(mountsUnder(runtime)).isEmpty();
            assertThat(Files.list(runtime).toList()).as("the private runtime directory is removed").isEmpty();
            awaitGone(children);
            assertThat(children).as("podman and its children").noneMatch(ProcessHandle::isAlive);
        }
    }

    @Test
    void aSigkilledBuildsDeadMountIsCleanedByTheNextRun() throws Exception {
        Prerequisites.requireRoot();
        Prerequisites.requireFuse();
        Path context = contextWith("FROM scratch\n");
        // The locked wheel is in the cache (as a verified object), so the build mounts its cached view too.
        Path object = StoreLayout.create(work.resolve("cache")).object(Digest.sha256(UpstreamServer.sha256(WHEEL)));
        Files.createDirectories(object.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.write(object, WHEEL);
        Files.setPosixFilePermissions(object, PosixFilePermissions.fromString("r--r--r--"));
        Path links = work.resolve("cache/links");
        Path runtime = work.resolve("run");
        Path podman = work.resolve("slow-podman");
        Files.writeString(podman, "#!/bin/sh\necho podman-started\nexec sleep 60\n");
        Files.setPosixFilePermissions(podman, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> env = Map.of("LAZYBUILD_RUNTIME_DIR", runtime.toString(), "LAZYBUILD_PODMAN", podman.toString());

        try (LazybuildProcess killed = LazybuildProcess.start(work.resolve("logs"), env,
                "build", "--cache-dir", work.resolve("cache").toString(), context.toString())) {
            assertThat(killed.awaitOutput("podman-started", 60)).as(killed.toString()).isTrue();
            List<ProcessHandle> children = killed.process().descendants().toList();
            killed.signal("KILL");
            killed.waitFor(30);
            children.forEach(ProcessHandle::destroyForcibly); // the orphaned "podman": not what this test is about
        }
        List<Path> dead = mountsUnder(runtime);
        assertThat(dead).as("SIGKILL leaves the FUSE mount, the cached view and the output overlay").hasSize(3);
        assertThat(Files.list(links).toList()).as("and the link layer").hasSize(1);

        Files.writeString(podman, "#!/bin/sh\nexit 0\n");
        try (LazybuildProcess next = LazybuildProcess.start(work.resolve("logs"), env,
                "build", "--cache-dir", work.resolve("cache").toString(), context.toString())) {
            assertThat(next.waitFor(60)).as(next.toString()).isZero();
        }

        assertThat(mountsUnder(runtime)).isEmpty();
        assertThat(Files.list(runtime).toList()).as("the dead build's directory is removed").isEmpty();
        assertThat(Files.list(links).toList()).as("the dead build's link layer is removed").isEmpty();
        assertThat(Files.getAttribute(object, "unix:nlink")).isEqualTo(1);
    }

    @Test
    void theTierCountsOfAFailedBuildAreSaved() throws Exception {
        Prerequisites.requireRoot();
        Prerequisites.requireFuse();
        byte[] wheel = "a wheel".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (UpstreamServer upstream = UpstreamServer.start()) {
            Path context = work.resolve("context");
            URI url = OneWheelBuild.context(context, upstream, wheel);
            // A podman whose RUN step reads the wheel through the mount, then fails.
            Path podman = OneWheelBuild.podman(work.resolve("failing-podman"), "cat \"$WHEEL\" > /dev/null\nexit 1\n");
            Path cache = work.resolve("cache");
            CliRunner build = CliRunner.runWith(Map.of("LAZYBUILD_PODMAN", podman.toString(),
                    "LAZYBUILD_RUNTIME_DIR", work.resolve("run").toString()), "build", "--cache-dir", cache.toString(),
                    context.toString());
            assertThat(build.status()).as(build.toString()).isEqualTo(1);
            assertThat(upstream.gets(url.getPath())).isEqualTo(1);

            CliRunner stats = CliRunner.run("cache", "stats", "--json", "--cache-dir", cache.toString());
            assertThat(stats.out()).as(stats.toString()).contains("\"upstream.downloads\" : 1");
        }
    }

    private Path contextWith(String containerfile) throws Exception {
        Path context = Files.createDirectories(work.resolve("context"));
        Files.writeString(context.resolve("Containerfile"), containerfile);
        Files.writeString(context.resolve("pylock.toml"), new PylockWriter()
                .wheel("demo", "1.0", URI.create("http://127.0.0.1:9/demo-1.0-py3-none-any.whl"), WHEEL.length,
                        UpstreamServer.sha256(WHEEL))
                .toToml());
        return context;
    }

    private static List<Path> mountsUnder(Path dir) {
        return MountTable.mountPoints().stream().filter(p -> p.startsWith(dir)).toList();
    }

    private static void awaitGone(List<ProcessHandle> processes) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (processes.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }
}
