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
import java.nio.file.Path;
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
}
