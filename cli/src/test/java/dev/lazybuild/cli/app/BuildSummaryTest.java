package dev.lazybuild.cli.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.RemoteFile;
import dev.lazybuild.fetch.http.HttpUpstream;
import dev.lazybuild.fetch.http.UpstreamSource;
import dev.lazybuild.fetch.store.ContentStore;
import dev.lazybuild.testkit.UpstreamServer;
import dev.lazybuild.vfs.fuse.ContentOpener;
import dev.lazybuild.vfs.lockfile.Ecosystem;
import dev.lazybuild.vfs.lockfile.LockedFile;
import dev.lazybuild.vfs.tree.Tree;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildSummaryTest {
    @TempDir
    Path work;

    @Test
    void countsEachFileOnceAsDownloadedOrFromTheCacheWithTheBytesAndTheWait() throws Exception {
        byte[] slow = "a file the build waits for".getBytes();
        byte[] cached = "a file already in the store".getBytes();
        try (UpstreamServer server = UpstreamServer.start(); HttpUpstream http = new HttpUpstream(2)) {
            RemoteFile slowFile = new RemoteFile(server.put("/slow", slow), Digest.sha256(UpstreamServer.sha256(slow)), slow.length, "slow");
            RemoteFile cachedFile = new RemoteFile(server.put("/cached", cached), Digest.sha256(UpstreamServer.sha256(cached)), cached.length, "cached");
            ContentStore.builder(work).then(new UpstreamSource(http)).build().fetch(cachedFile);
            server.fault("/slow", UpstreamServer.Fault.delay(300, 1));
            BuildSummary summary = new BuildSummary(dev.lazybuild.fetch.FetchListener.NONE);
            ContentOpener opener = summary.counting(ContentStore.builder(work).then(new UpstreamSource(http)).listener(summary).build());

            opener.open(slowFile);
            opener.open(slowFile);
            opener.open(cachedFile);
            BuildSummary.Report r = summary.report(0);

            assertThat(r.filesOpened()).isEqualTo(2);
            assertThat(r.filesDownloaded()).isEqualTo(1);
            assertThat(r.filesFromCache()).isEqualTo(1);
            assertThat(r.bytesDownloaded()).isEqualTo(slow.length);
            assertThat(r.secondsWaitedForDownloads()).isGreaterThanOrEqualTo(0.3);
            assertThat(BuildSummary.line(r)).matches("lazybuild: files: 2 opened, 1 downloaded \\(26 B\\), 1 from the cache;"
                    + " the build waited 0\\.\\d\\d s for downloads");

            Path json = work.resolve("summary.json");
            BuildSummary.writeJson(r, json);
            JsonNode doc = new ObjectMapper().readTree(json.toFile());
            assertThat(doc.get("filesOpened").asInt()).isEqualTo(2);
            assertThat(doc.get("bytesDownloaded").asLong()).isEqualTo(slow.length);
            assertThat(doc.get("podmanExitStatus").asInt()).isZero();
        }
    }

    @Test
    void countsEveryDownloadByWhatStartedItAndWhatTheFetchAheadGotRight() throws Exception {
        try (UpstreamServer server = UpstreamServer.start(); HttpUpstream http = new HttpUpstream(2)) {
            RemoteFile onOpen = file(server, "on-open", 100);
            RemoteFile aheadOpened = file(server, "ahead-opened", 200);
            RemoteFile aheadUnused = file(server, "ahead-unused", 300);
            RemoteFile cached = file(server, "cached", 400);
            RemoteFile wholeForRepodata = file(server, "whole.rpm", 500);
            RemoteFile headerOnly = file(server, "header-only.rpm", 600);
            RemoteFile notRecorded = file(server, "not-recorded", 700);
            ContentStore.builder(work).then(new UpstreamSource(http)).build().fetch(cached);
            server.clearLog();
            BuildSummary summary = new BuildSummary(dev.lazybuild.fetch.FetchListener.NONE);
            ContentStore store = ContentStore.builder(work).then(new UpstreamSource(http)).listener(summary).build();
            Tree tree = Tree.builder()
                    .add(locked("a/on-open", onOpen)).add(locked("a/ahead-opened", aheadOpened))
                    .add(locked("a/ahead-unused", aheadUnused)).add(locked("a/cached", cached))
                    .add(locked("a/not-recorded", notRecorded)).build();
            List<String> notices = new java.util.concurrent.CopyOnWriteArrayList<>();
            FetchAhead ahead = FetchAhead.prepare(List.of("a/ahead-opened", "a/ahead-unused", "a/cached", "../../etc/passwd",
                    "a", "not/in/the/tree"), tree, store, 2, summary, notices::add);
            ContentOpener opener = summary.counting(store);
            summary.whenOpening(ahead::start);
            assertThat(ahead.wanted()).as("the cached file and the paths not in the tree are not wanted").isEqualTo(2);
            assertThat(server.requests()).as("nothing before the first open").isEmpty();

            opener.open(onOpen);
            waitUntilCached(store, aheadOpened, aheadUnused);
            opener.open(aheadOpened);
            opener.open(cached);
            store.fetch(wholeForRepodata);
            store.partRead(headerOnly, 64);
            store.partRead(headerOnly, 36);
            store.partRead(wholeForRepodata, 50);
            BuildSummary.Report r = summary.report(0);

            assertThat(notices).containsExactly("fetching ahead 2 files the last build of this Containerfile opened");
            assertThat(server.gets("/not-recorded")).isZero();
            assertThat(r.filesOpened()).isEqualTo(3);
            assertThat(r.filesDownloaded()).isEqualTo(5);
            assertThat(r.filesDownloadedOnOpen()).isEqualTo(1);
            assertThat(r.filesFetchedAhead()).isEqualTo(2);
            assertThat(r.filesFetchedAheadOpened()).isEqualTo(1);
            assertThat(r.filesDownloadedForRepodata()).isEqualTo(1);
            assertThat(r.rpmHeadersForRepodata()).isEqualTo(1);
            assertThat(r.filesFromCache()).isEqualTo(1);
            assertThat(r.bytesDownloaded()).isEqualTo(100 + 200 + 300 + 500 + 64 + 36 + 50);
            assertThat(BuildSummary.line(r)).startsWith("lazybuild: files: 3 opened, 5 downloaded (1.2 KiB: 1 on open,"
                    + " 2 fetched ahead (1 then opened, 1 not), 1 whole for repodata, 1 RPM header for repodata),"
                    + " 1 from the cache; the build waited ");
            ahead.close();
        }
    }

    private static RemoteFile file(UpstreamServer server, String name, int size) {
        byte[] content = new byte[size];
        new java.util.Random(size).nextBytes(content);
        return new RemoteFile(server.put("/" + name, content), Digest.sha256(UpstreamServer.sha256(content)), size, name);
    }

    private static LockedFile locked(String path, RemoteFile file) {
        return new LockedFile(path, file, Ecosystem.GENERIC, "test");
    }

    private static void waitUntilCached(ContentStore store, RemoteFile... files) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (java.util.Arrays.stream(files).anyMatch(f -> store.cached(f.digest()).isEmpty())) {
            assertThat(System.nanoTime()).as("fetched ahead within 20 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
