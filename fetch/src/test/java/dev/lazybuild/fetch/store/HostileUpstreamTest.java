package dev.lazybuild.fetch.store;

import static dev.lazybuild.fetch.store.StoreFiles.assertHoldsOnlyVerifiedFiles;
import static dev.lazybuild.fetch.store.StoreFiles.randomBytes;
import static dev.lazybuild.fetch.store.StoreFiles.remote;
import static dev.lazybuild.fetch.store.StoreFiles.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lazybuild.fetch.FetchException;
import dev.lazybuild.fetch.RemoteFile;
import dev.lazybuild.testkit.UpstreamServer;
import dev.lazybuild.testkit.UpstreamServer.Fault;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An upstream that lies about sizes, sends far more than the file has, or corrupts bodies
 * now and then: sizes it tells stay hints for its own URL, writes stop at the file's bound,
 * and a bad body is one more fault to retry, never a stored or served file.
 */
class HostileUpstreamTest {
    private static final byte[] SIXTEEN = "sixteen bytes!!\n".getBytes();

    @RegisterExtension
    final LoopbackUpstream upstream = new LoopbackUpstream();

    private ContentStore store() {
        return upstream.store();
    }

    /** As an npm or generic lockfile gives a file: no size. */
    private static RemoteFile unsized(URI url, byte[] content) {
        return new RemoteFile(url, sha256(content), RemoteFile.UNKNOWN_SIZE, "x.tgz");
    }

    @Test
    void aSizeAHeadLiedAboutMisleadsOnlyItsOwnUrlAndIsCorrectedByTheDownload() throws IOException {
        RemoteFile lied = unsized(upstream.server().put("/liar/x.tgz", SIXTEEN), SIXTEEN);
        upstream.server().lieInHead("/liar/x.tgz", "1");
        RemoteFile elsewhere = unsized(upstream.server().put("/honest/x.tgz", SIXTEEN), SIXTEEN);
        ContentStore store = store();

        assertThat(store.size(lied)).as("a hint for stat(), nothing more").isEqualTo(1);
        assertThat(store.size(elsewhere)).as("another context with the same digest").isEqualTo(16);

        Path got = store.fetch(lied.withSizeHint(1));
        assertThat(Files.readAllBytes(got)).as("the hint is not enforced").isEqualTo(SIXTEEN);
        Files.delete(got); // gc took it: the corrected hint is what the next build sees
        assertThat(store.rememberedSize(lied)).hasValue(16);
        assertThat(store.size(elsewhere)).isEqualTo(16);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-5", "12abc"})
    void aMalformedContentLengthIsUnknownAndTheVerifiedFileGivesTheSize(String contentLength) throws IOException {
        RemoteFile f = unsized(upstream.server().put("/x.tgz", SIXTEEN), SIXTEEN);
        upstream.server().lieInHead("/x.tgz", contentLength);

        assertThat(store().size(f)).isEqualTo(16);
        assertThat(upstream.server().requests()).extracting(UpstreamServer.Request::method).containsExactly("HEAD", "GET");
        assertHoldsOnlyVerifiedFiles(upstream.root());
    }

    @Test
    void aBodyFarLargerThanTheLockfileSizeStopsAtThatSize() throws Exception {
        URI url = upstream.server().put("/rpms/x.rpm", randomBytes(40 << 20, 3));
        RemoteFile locked = new RemoteFile(url, sha256(SIXTEEN), 16, "x.rpm");

        long most = largestTemporaryFileWhile(() -> assertThatThrownBy(() -> store().fetch(locked))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining("the body from " + url + " is larger than the lockfile's size of 16 bytes")
                .hasMessageContaining("nothing was stored"));

        assertThat(most).as("bytes ever written to tmp/").isLessThan(1 << 20);
        assertThat(upstream.server().bytesSent()).as("the connection was dropped, not drained").isLessThan(40L << 20);
        assertHoldsOnlyVerifiedFiles(upstream.root());
    }

    @Test
    void aBodyWithoutAnySizeStopsAtTheConfiguredCeiling() throws Exception {
        URI url = upstream.server().put("/npm/x.tgz", randomBytes(40 << 20, 4));
        ContentStore store = upstream.storeBuilder(upstream.root()).maxDownloadSize(1 << 20).build();

        long most = largestTemporaryFileWhile(() -> assertThatThrownBy(() -> store.fetch(unsized(url, SIXTEEN)))
                .isInstanceOf(FetchException.class).hasMessageContaining("is larger than max-download-size (1048576 bytes"));

        assertThat(most).isLessThanOrEqualTo(1 << 20);
        assertHoldsOnlyVerifiedFiles(upstream.root());
    }

    /**
     * The upstream: every 5th GET answers 503, every 7th body is cut in half, every 11th
     * has a byte flipped. Every one of 40 files arrives, nothing corrupt is stored.
     */
    @Test
    void anUpstreamThatFailsCutsAndCorruptsNowAndThenStillDeliversEveryFile() throws IOException {
        upstream.server().faultEveryNthGet(5, Fault.status(503, 1));
        upstream.server().faultEveryNthGet(7, Fault.cutInHalf(1));
        upstream.server().faultEveryNthGet(11, Fault.flipByte(1));
        List<RemoteFile> files = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            byte[] c = randomBytes(50_000 + i * 1000, 100 + i);
            contents.add(c);
            files.add(remote(upstream.server().put("/f/" + i + ".whl", c), c));
        }
        ContentStore store = store();

        for (int i = 0; i < files.size(); i++) {
            assertThat(Files.readAllBytes(store.fetch(files.get(i)))).isEqualTo(contents.get(i));
        }

        long gets = upstream.server().requests().stream().filter(r -> r.method().equals("GET")).count();
        assertThat(gets).as("faults happened: at least one flipped body among them").isGreaterThanOrEqualTo(55);
        assertHoldsOnlyVerifiedFiles(upstream.root());
    }

    @Test
    void whenEverySourceGivesWrongBytesTheFailureSaysWhichServedWhat() {
        URI mirror = upstream.server().put("/mirror/f.whl", SIXTEEN);
        URI origin = upstream.server().put("/origin/f.whl", SIXTEEN);
        upstream.server().fault("/mirror/f.whl", Fault.flipByte(100));
        upstream.server().fault("/origin/f.whl", Fault.flipByte(100));

        assertThatThrownBy(() -> store().fetch(remote(List.of(mirror, origin), SIXTEEN)))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining("sha256 mismatch for " + mirror)
                .hasMessageContaining("sha256 mismatch for " + origin);
        assertThat(upstream.server().gets("/mirror/f.whl")).as("asked once more from byte 0").isEqualTo(2);
        assertThat(upstream.server().gets("/origin/f.whl")).isEqualTo(2);
    }

    /** Runs {@code action} while watching tmp/; returns the largest file seen there. */
    private long largestTemporaryFileWhile(Runnable action) throws InterruptedException {
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong seen = new AtomicLong();
        Thread watcher = new Thread(() -> {
            while (!done.get()) {
                try (Stream<Path> s = Files.list(upstream.root().resolve("tmp"))) {
                    for (Path p : s.toList()) {
                        seen.accumulateAndGet(Files.size(p), Math::max);
                    }
                } catch (IOException e) {
                    // a file vanished between listing and stat: look again
                }
                Thread.onSpinWait();
            }
        });
        store(); // makes tmp/
        watcher.start();
        try {
            action.run();
        } finally {
            done.set(true);
            watcher.join();
        }
        return seen.get();
    }
}
