package dev.lazybuild.cli;

import dev.lazybuild.testkit.Podman;
import dev.lazybuild.testkit.Prerequisites;
import dev.lazybuild.testkit.UpstreamServer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every end-to-end build test has: root, podman, runc, FUSE and the base image (a failure
 * with CI=true), an upstream server on 127.0.0.1, a scratch directory, and an image name of
 * its own that is removed afterwards.
 */
@Tag("e2e")
abstract class BuildEndToEnd {
    @TempDir
    Path work;

    UpstreamServer upstream;

    final String image = "localhost/lazybuild-e2e-" + getClass().getSimpleName().toLowerCase(Locale.ROOT)
            + "-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void startUpstream() {
        Prerequisites.requirePodman();
        upstream = UpstreamServer.start();
    }

    @AfterEach
    void stopUpstreamAndRemoveImage() {
        if (upstream != null) {
            upstream.close();
        }
        Podman.removeImage(image);
    }
}
