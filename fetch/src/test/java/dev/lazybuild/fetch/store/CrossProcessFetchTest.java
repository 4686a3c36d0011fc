package dev.lazybuild.fetch.store;

import static dev.lazybuild.fetch.store.StoreFiles.assertHoldsOnlyVerifiedFiles;
import static dev.lazybuild.fetch.store.StoreFiles.filesUnder;
import static dev.lazybuild.fetch.store.StoreFiles.randomBytes;
import static dev.lazybuild.fetch.store.StoreFiles.remote;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.fetch.RemoteFile;
import dev.lazybuild.fetch.http.HttpUpstream;
import dev.lazybuild.fetch.http.UpstreamSource;
import dev.lazybuild.testkit.UpstreamServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several JVMs on one store: record locks are per process, so threads cannot stand in for them. */
class CrossProcessFetchTest {
    private static final int PROCESSES = Integer.getInteger("lazybuild.test.processes", 4);

    @TempDir
    Path work;

    private UpstreamServer server;
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void start() {
        server = UpstreamServer.start();
    }

    @AfterEach
    void stop() {
        started.forEach(Process::destroyForcibly);
        server.close();
    }

    private Process storeClient(Path root, List<RemoteFile> files) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                StoreClient.class.getName(), root.toString()));
        for (RemoteFile f : files) {
            cmd.add(f.urls().get(0).toString());
            cmd.add(f.digest().hex());
            cmd.add(Long.toString(f.size()));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(work.resolve("client-" + started.size() + ".log").toFile()).start();
        started.add(p);
        return p;
    }

    @Test
    void severalProcessesWantingTheSameFilesDownloadEachOnce() throws Exception {
        List<RemoteFile> files = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            byte[] c = randomBytes(600_000, 10 + i);
            files.add(remote(server.put("/shared/" + i + ".whl", c), c));
        }
        // Slow enough that the processes, which start a few hundred ms apart, overlap.
        server.throttle(1_000_000, 300);
        Path root = work.resolve("cache");
        List<Process> clients = new ArrayList<>();
        for (int p = 0; p < PROCESSES; p++) {
            List<RemoteFile> mine = new ArrayList<>(files);
            java.util.Collections.rotate(mine, p); // each process starts with a different file
            clients.add(storeClient(root, mine));
        }
        for (int p = 0; p < clients.size(); p++) {
            assertThat(clients.get(p).waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(clients.get(p).exitValue()).as(Files.readString(work.resolve("client-" + p + ".log"))).isZero();
        }
        for (int i = 0; i < 5; i++) {
            assertThat(server.gets("/shared/" + i + ".whl")).as("GETs of file " + i).isEqualTo(1);
        }
        System.out.println("cross-process: " + PROCESSES + " processes x " + files.size() + " files, requests "
                + server.requests().size() + ", GETs per file 1");
        assertHoldsOnlyVerifiedFiles(root);
    }

    @Test
    void aDownloadKilledWithSigkillIsResumedByTheNextRunWithARangeRequest() throws Exception {
        byte[] content = randomBytes(4_000_000, 99);
        RemoteFile file = remote(server.put("/big.rpm", content), content);
        server.throttle(400_000, 0);
        Path root = work.resolve("cache");
        Process victim = storeClient(root, List.of(file));
        Path part = root.resolve("tmp").resolve("sha256-" + file.digest().hex() + ".part");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(part) && Files.size(part) > 500_000)) {
            assertThat(System.nanoTime()).as("the download should have started").isLessThan(deadline);
            Thread.sleep(50);
        }
        victim.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
        assertThat(victim.waitFor(10, TimeUnit.SECONDS)).isTrue();
        long kept = Files.size(part);
        assertThat(filesUnder(root.resolve("objects"))).as("nothing under a final name").isEmpty();

        server.throttle(0, 0);
        server.clearLog();
        try (HttpUpstream http = new HttpUpstream(4, Map.of())) {
            Path stored = ContentStore.builder(root).then(new UpstreamSource(http)).build().fetch(file);
            assertThat(Files.readAllBytes(stored)).isEqualTo(content);
        }
        assertThat(server.requests()).singleElement()
                .satisfies(r -> assertThat(r.range()).isEqualTo("bytes=" + kept + "-"));
        System.out.println("sigkill: killed after " + kept + " of " + content.length + " bytes; resumed with "
                + server.requests());
        assertHoldsOnlyVerifiedFiles(root);
    }
}
