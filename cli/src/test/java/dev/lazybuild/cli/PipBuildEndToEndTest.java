package dev.lazybuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.cli.command.ExitCode;
import dev.lazybuild.testkit.BaseImage;
import dev.lazybuild.testkit.Podman;
import dev.lazybuild.testkit.PylockWriter;
import dev.lazybuild.testkit.UpstreamServer;
import dev.lazybuild.testkit.Wheels;
import dev.lazybuild.vfs.fuse.MountTable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The walking skeleton, for real: a podman build (runc, --network=none) whose RUN step
 * pip-installs from /cachi2/output/deps/pip, served by a FUSE mount that downloads from a
 * server on 127.0.0.1 only what pip opens.
 */
class PipBuildEndToEndTest extends BuildEndToEnd {

    @Test
    void buildInstallsFromTheMountAndDownloadsOnlyTheWheelsPipOpens() throws Exception {
        byte[] app = Wheels.build("lazydemo", "1.0", "served lazily", List.of("lazydep==2.0"));
        byte[] dep = Wheels.build("lazydep", "2.0", "a dependency", List.of());
        byte[] unused = Wheels.build("unused", "3.0", "never installed", List.of());
        URI appUrl = upstream.put("/wheels/" + Wheels.fileName("lazydemo", "1.0"), app);
        URI depUrl = upstream.put("/wheels/" + Wheels.fileName("lazydep", "2.0"), dep);
        URI unusedUrl = upstream.put("/wheels/" + Wheels.fileName("unused", "3.0"), unused);
        // Wheels for other platforms that do not even exist upstream: a lazy build never asks for them.
        String missingPath = "/wheels/native-1.0-cp311-cp311-linux_s390x.whl";
        String missingPath2 = "/wheels/native-1.0-cp311-cp311-linux_ppc64le.whl";
        Path context = Files.createDirectories(work.resolve("context"));
        Files.writeString(context.resolve("pylock.toml"), new PylockWriter()
                .wheel("lazydemo", "1.0", appUrl, app.length, UpstreamServer.sha256(app))
                .wheel("lazydep", "2.0", depUrl, dep.length, UpstreamServer.sha256(dep))
                .wheel("unused", "3.0", unusedUrl, unused.length, UpstreamServer.sha256(unused))
                .wheel("native", "1.0", upstream.url(missingPath), 123456, "ab".repeat(32))
                .wheel("native", "1.0", upstream.url(missingPath2), 654321, "cd".repeat(32))
                .toToml());
        Files.writeString(context.resolve("Dockerfile"), "FROM " + BaseImage.NAME + "\n"
                + "RUN test $(ls /cachi2/output/deps/pip | wc -l) = 5 && . /cachi2/cachi2.env && test \"$PIP_NO_INDEX\" = true\n"
                + "RUN python3 -m venv /venv && /venv/bin/pip install --no-index --find-links /cachi2/output/deps/pip lazydemo\n");

        long started = System.nanoTime();
        CliRunner r = CliRunner.run("build", "--cache-dir", work.resolve("cache").toString(),
                "--runtime", "runc", "--network=none", "-t", image, "-f", context.resolve("Dockerfile").toString(),
                context.toString());
        long millis = (System.nanoTime() - started) / 1_000_000;
        long listed = app.length + dep.length + unused.length + 123456 + 654321;
        System.out.println("e2e pip build took " + millis + " ms; bytes requested " + (app.length + dep.length)
                + " of " + listed + " listed; requests: " + upstream.requests());

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(Podman.runIn(image, "/venv/bin/python -c 'import lazydemo, lazydep; print(lazydemo.VALUE, lazydep.VALUE)'"))
                .contains("served lazily a dependency");
        assertThat(upstream.gets(appUrl.getPath())).isEqualTo(1);
        assertThat(upstream.gets(depUrl.getPath())).isEqualTo(1);
        assertThat(upstream.gets(unusedUrl.getPath())).isZero();
        assertThat(upstream.requests()).noneMatch(q -> q.path().equals(missingPath) || q.path().equals(missingPath2));
        assertThat(leftoverMounts()).isEmpty();
    }

    @Test
    void failingBuildPassesPodmansStatusThroughAndUnmounts() throws Exception {
        byte[] app = Wheels.build("lazydemo", "1.0", "x", List.of());
        URI url = upstream.put("/" + Wheels.fileName("lazydemo", "1.0"), app);
        Path context = Files.createDirectories(work.resolve("context"));
        Files.writeString(context.resolve("pylock.toml"), new PylockWriter()
                .wheel("lazydemo", "1.0", url, app.length, UpstreamServer.sha256(app)).toToml());
        Files.writeString(context.resolve("Containerfile"), "FROM " + BaseImage.NAME + "\nRUN exit 7\n");

        CliRunner r = CliRunner.run("build", "--cache-dir", work.resolve("cache").toString(),
                "--runtime", "runc", "-t", image, context.toString());

        assertThat(r.status()).as(r.toString()).isNotZero().isNotEqualTo(ExitCode.SOFTWARE.code());
        assertThat(r.err()).contains("exit status 7");
        assertThat(upstream.requests()).isEmpty();
        assertThat(leftoverMounts()).isEmpty();
    }

    /** Mounts under the runtime directory that this JVM made and did not remove. */
    static List<Path> leftoverMounts() {
        String mine = "/run/lazybuild/" + ProcessHandle.current().pid() + "-";
        return MountTable.mountPoints().stream().filter(p -> p.toString().startsWith(mine)).toList();
    }
}
