package dev.lazybuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.testkit.BaseImage;
import dev.lazybuild.testkit.Podman;
import dev.lazybuild.testkit.UpstreamServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A {@code USER 1001} RUN step writes under /cachi2/output as it may in Konflux, whose build
 * task makes its copy of the prefetch output +rw for everyone (+x on directories): it creates
 * directories and files anywhere there and appends to a prefetched file, and the next RUN step
 * sees it all. Opening the output to every user downloads nothing.
 */
class NonRootOutputEndToEndTest extends BuildEndToEnd {
    @Test
    void aNonRootUserWritesUnderTheOutputAsInKonflux() throws Exception {
        byte[] notice = "prefetched notice\n".getBytes(StandardCharsets.UTF_8);
        byte[] unused = "never opened\n".getBytes(StandardCharsets.UTF_8);
        URI noticeUrl = upstream.put("/generic/notice.txt", notice);
        URI unusedUrl = upstream.put("/generic/unused.bin", unused);
        Path context = Files.createDirectories(work.resolve("context"));
        Files.writeString(context.resolve("artifacts.lock.yaml"), "metadata:\n  version: '1.0'\nartifacts:\n"
                + artifact(noticeUrl, notice, "notice.txt") + artifact(unusedUrl, unused, "unused.bin"));
        Files.writeString(context.resolve("Containerfile"), "FROM " + BaseImage.NAME + "\n"
                + "USER 1001\n"
                + "RUN mkdir -p /cachi2/output/gocache/ab && id -u > /cachi2/output/gocache/ab/who"
                + " && echo by-1001 > /cachi2/output/deps/generic/next-to-its-inputs"
                + " && echo appended >> /cachi2/output/deps/generic/notice.txt\n"
                + "USER 0\n"
                + "RUN cat /cachi2/output/gocache/ab/who /cachi2/output/deps/generic/next-to-its-inputs"
                + " /cachi2/output/deps/generic/notice.txt > /seen"
                + " && stat -c '%u %a' /cachi2/output/gocache/ab/who /cachi2/output/deps/generic >> /seen\n");

        // --no-cache: the same Containerfile and lockfile as an earlier run would be taken from podman's layer cache.
        CliRunner r = CliRunner.run("build", "--cache-dir", work.resolve("cache").toString(), "--runtime", "runc",
                "--no-cache", "-t", image, "-f", context.resolve("Containerfile").toString(), context.toString());
        System.out.println(r + "\nrequests: " + upstream.requests());

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.err()).doesNotContain("read-only");
        assertThat(Podman.runIn(image, "cat /seen")).isEqualTo("1001\nby-1001\nprefetched notice\nappended\n"
                + "1001 644\n0 777\n");
        assertThat(upstream.gets(noticeUrl.getPath())).isEqualTo(1);
        assertThat(upstream.gets(unusedUrl.getPath())).as("chmod through the overlay copies up metadata only").isZero();
        assertThat(PipBuildEndToEndTest.leftoverMounts()).isEmpty();

        // Warm: notice.txt is now read through the cached view, a link to its read-only object; uid 1001 still appends.
        CliRunner warm = CliRunner.run("build", "--cache-dir", work.resolve("cache").toString(), "--runtime", "runc",
                "--no-cache", "-t", image, "-f", context.resolve("Containerfile").toString(), context.toString());
        assertThat(warm.status()).as(warm.toString()).isZero();
        assertThat(Podman.runIn(image, "cat /seen")).isEqualTo("1001\nby-1001\nprefetched notice\nappended\n"
                + "1001 644\n0 777\n");
        assertThat(upstream.gets(noticeUrl.getPath())).as("served from the cache").isEqualTo(1);
        Path object = dev.lazybuild.fetch.store.StoreLayout.of(work.resolve("cache"))
                .object(dev.lazybuild.fetch.Digest.sha256(UpstreamServer.sha256(notice)));
        assertThat(Files.readAllBytes(object)).as("the append changed the build's copy, not the object").isEqualTo(notice);
    }

    private static String artifact(URI url, byte[] content, String filename) {
        return "  - download_url: " + url + "\n    checksum: sha256:" + UpstreamServer.sha256(content)
                + "\n    filename: " + filename + "\n";
    }
}
