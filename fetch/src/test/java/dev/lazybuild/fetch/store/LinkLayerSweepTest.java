package dev.lazybuild.fetch.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.fetch.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A build's link layer lives as long as its lease: a live one is never touched, a dead build's goes. */
class LinkLayerSweepTest {
    @TempDir
    Path root;

    @Test
    void aLiveBuildsLayerIsKeptAndLayersOfDeadOrMissingLeasesAreRemoved() throws Exception {
        StoreLayout layout = StoreLayout.create(root);
        try (Leases.Lease live = Leases.take(root, List.of(Digest.sha256("ab".repeat(32))))) {
            Path liveLayer = Files.createDirectories(live.linkLayer().resolve("output/deps/pip"));
            assertThat(live.linkLayer()).isEqualTo(layout.linkLayer(live.file())).startsWith(root.resolve("links"));
            // A killed build's: its lease file is there, but nobody holds its lock.
            Path deadLease = Files.writeString(layout.leases().resolve("999999-1-1.lease"), "sha256/ab/" + "ab".repeat(32) + "\n");
            Path deadLayer = Files.createDirectories(layout.linkLayer(deadLease).resolve("output/deps/npm"));
            Files.writeString(deadLayer.resolve("a-1.0.tgz"), "a link, once");
            // A layer whose lease is already gone (gc removed it first).
            Path orphan = Files.createDirectories(root.resolve("links/999999-2-1"));

            assertThat(Leases.sweepStaleLinkLayers(root)).isEqualTo(2);

            assertThat(liveLayer).isDirectory();
            assertThat(layout.linkLayer(deadLease)).doesNotExist();
            assertThat(deadLease).as("the dead lease goes with it").doesNotExist();
            assertThat(orphan).doesNotExist();
            assertThat(live.file()).exists();
        }
    }

    @Test
    void gcRemovesTheLinkLayerOfALeaseWhoseBuildDied() throws Exception {
        StoreLayout layout = StoreLayout.create(root);
        Path deadLease = Files.writeString(layout.leases().resolve("999999-3-1.lease"), "");
        Path deadLayer = Files.createDirectories(layout.linkLayer(deadLease).resolve("output"));

        GarbageCollector.Result result = GarbageCollector.collect(root, OptionalLong.empty(), Optional.empty(), Instant.now());

        assertThat(result.staleLeases()).isEqualTo(1);
        assertThat(deadLayer.getParent()).doesNotExist();
    }
}
