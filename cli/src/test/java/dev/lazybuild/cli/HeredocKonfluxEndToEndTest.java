package dev.lazybuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.testkit.BaseImage;
import dev.lazybuild.testkit.HeredocPodman;
import dev.lazybuild.testkit.PipelineRuns;
import dev.lazybuild.testkit.PylockWriter;
import dev.lazybuild.testkit.UpstreamServer;
import dev.lazybuild.testkit.Wheels;
import dev.lazybuild.vfs.fuse.MountTable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A Konflux project whose Containerfile is written like notebooks' {@code Dockerfile.konflux.cpu}:
 * one {@code RUN /bin/bash <<'EOF'} heredoc that sources /cachi2/cachi2.env, pip-installs from
 * the lazy tree and reads a generic artifact, hermetic by its PipelineRun. Heredocs need podman
 * 4.8 or later (buildah 1.33): built through lazybuild with a podman that has them (the host's,
 * or podman 5 in the Debian trixie chroot on a Debian 12 host), and shown failing on an older one.
 */
class HeredocKonfluxEndToEndTest extends BuildEndToEnd {
    private HeredocPodman podman;

    @AfterEach
    void removeHeredocImage() {
        if (podman != null) {
            podman.removeImage(image);
        }
    }

    @Test
    void aNotebooksStyleHeredocContainerfileBuildsWithAPodmanThatParsesHeredocs() throws Exception {
        podman = HeredocPodman.require();
        Project project = project();

        CliRunner r = CliRunner.runWith(podman.lazybuildEnvironment(), build(project.checkout()));
        System.out.println("podman " + podman.version() + ": " + r + "\nrequests: " + upstream.requests());

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.err()).contains("inputs from the PipelineRun in .tekton/app-push.yaml")
                .contains("network: none (hermetic: 'true' in .tekton/app-push.yaml)");
        assertThat(podman.runIn(image, "/opt/app-root/bin/python -c 'import lazyapp; print(lazyapp.VALUE)'"
                + " && cat /opt/app-root/notice /opt/app-root/network"))
                .isEqualTo("installed lazily\nprefetched notice\nno-network\n");
        assertThat(upstream.requests().stream().filter(q -> q.method().equals("GET")).map(UpstreamServer.Request::path))
                .as("each file the heredoc opened, once; the unused wheel never")
                .containsExactlyInAnyOrder(project.app().getPath(), project.dep().getPath(), project.notice().getPath());
        String runtime = podman.lazybuildEnvironment().getOrDefault("LAZYBUILD_RUNTIME_DIR", "/run/lazybuild");
        assertThat(MountTable.mountPoints()).as("no mount left, on the host or in a chroot")
                .noneMatch(p -> p.toString().contains(runtime + "/" + ProcessHandle.current().pid() + "-"));
    }

    @Test
    void theChrootsPodmanWithoutItsRuntimeDirectorySaysWhatToSet() throws Exception {
        podman = HeredocPodman.require();
        Map<String, String> env = podman.lazybuildEnvironment();
        Assumptions.assumeTrue(env.containsKey("LAZYBUILD_RUNTIME_DIR"), "the host's podman parses heredocs: no chroot");
        Project project = project();

        // /run/lazybuild, lazybuild's default as root, is not bound into the chroot.
        CliRunner r = CliRunner.runWith(Map.of("LAZYBUILD_PODMAN", env.get("LAZYBUILD_PODMAN")), build(project.checkout()));

        assertThat(r.status()).as(r.toString()).isEqualTo(125);
        assertThat(r.err()).contains("is not visible to the podman 5 in /var/lib/lazybuild-ci/trixie")
                .contains("LAZYBUILD_RUNTIME_DIR=" + env.get("LAZYBUILD_RUNTIME_DIR"));
        assertThat(upstream.requests().stream().filter(q -> q.method().equals("GET"))).isEmpty();
        assertThat(PipBuildEndToEndTest.leftoverMounts()).isEmpty();
    }

    @Test
    void onAPodmanOlderThan48TheHeredocContainerfileFailsToParse() throws Exception {
        String host = HeredocPodman.version("podman");
        Assumptions.assumeFalse(HeredocPodman.parsesHeredocs(host),
                "the host's podman " + host + " parses heredocs: nothing to show");
        Project project = project();

        CliRunner r = CliRunner.run(build(project.checkout()));
        System.out.println("podman " + host + ": " + r);

        assertThat(r.status()).as(r.toString()).isNotZero();
        // buildah 1.28 reads the heredoc's body as Containerfile instructions.
        assertThat(r.out() + r.err()).containsIgnoringCase("unknown instruction");
        assertThat(upstream.requests().stream().filter(q -> q.method().equals("GET"))).isEmpty();
        assertThat(PipBuildEndToEndTest.leftoverMounts()).isEmpty();
    }

    private String[] build(Path checkout) {
        return new String[] {"build", "--cache-dir", work.resolve("cache").toString(), "--runtime", "runc", "-t", image,
            "-f", checkout.resolve("components/app/Dockerfile.konflux.cpu").toString(), checkout.toString()};
    }

    /** The checkout and the upstream URLs of the files the build may open. */
    private record Project(Path checkout, URI app, URI dep, URI notice) { }

    private Project project() throws Exception {
        Path checkout = Files.createDirectories(work.resolve("checkout"));
        Files.createDirectories(checkout.resolve(".git"));
        Path app = Files.createDirectories(checkout.resolve("components/app"));
        byte[] appWheel = Wheels.build("lazyapp", "1.0", "installed lazily", List.of("lazydep==2.0"));
        byte[] depWheel = Wheels.build("lazydep", "2.0", "a dependency", List.of());
        byte[] unusedWheel = Wheels.build("unused", "3.0", "never installed", List.of());
        URI appUrl = upstream.put("/wheels/" + Wheels.fileName("lazyapp", "1.0"), appWheel);
        URI depUrl = upstream.put("/wheels/" + Wheels.fileName("lazydep", "2.0"), depWheel);
        URI unusedUrl = upstream.put("/wheels/" + Wheels.fileName("unused", "3.0"), unusedWheel);
        Files.writeString(app.resolve("pylock.toml"), new PylockWriter()
                .wheel("lazyapp", "1.0", appUrl, appWheel.length, UpstreamServer.sha256(appWheel))
                .wheel("lazydep", "2.0", depUrl, depWheel.length, UpstreamServer.sha256(depWheel))
                .wheel("unused", "3.0", unusedUrl, unusedWheel.length, UpstreamServer.sha256(unusedWheel))
                .toToml());
        byte[] notice = "prefetched notice\n".getBytes(StandardCharsets.UTF_8);
        URI noticeUrl = upstream.put("/generic/notice.txt", notice);
        Path inputs = Files.createDirectories(checkout.resolve("prefetch-input/app"));
        Files.writeString(inputs.resolve("artifacts.lock.yaml"), "metadata:\n  version: '1.0'\nartifacts:\n  - download_url: "
                + noticeUrl + "\n    checksum: sha256:" + UpstreamServer.sha256(notice) + "\n    filename: notice.txt\n");
        // As notebooks' runtimes/minimal/ubi9-python-3.12/Dockerfile.konflux.cpu installs its pylock.toml.
        Files.writeString(app.resolve("Dockerfile.konflux.cpu"), "FROM " + BaseImage.NAME + "\n"
                + "WORKDIR /opt/app-root/src\n"
                + "COPY components/app/pylock.toml ./\n"
                + "RUN /bin/bash <<'EOF'\n"
                + "set -Eeuxo pipefail\n"
                + "if [ -f /cachi2/cachi2.env ]; then\n"
                + "    . /cachi2/cachi2.env\n"
                + "fi\n"
                + "python3 -m venv /opt/app-root\n"
                + "/opt/app-root/bin/pip install --no-cache-dir lazyapp\n"
                + "cat /cachi2/output/deps/generic/notice.txt > /opt/app-root/notice\n"
                + "test \"$(ls /sys/class/net)\" = lo && echo no-network > /opt/app-root/network\n"
                + "EOF\n");
        Path tekton = Files.createDirectories(checkout.resolve(".tekton"));
        Files.writeString(tekton.resolve("app-push.yaml"), PipelineRuns.yaml("app-on-push", "push",
                "components/app/Dockerfile.konflux.cpu", ".",
                "'[{\"type\": \"pip\", \"path\": \"components/app\"}, {\"type\": \"generic\", \"path\": \"prefetch-input/app\"}]'",
                """
                  - name: hermetic
                    value: 'true'
                """));
        return new Project(checkout, appUrl, depUrl, noticeUrl);
    }
}
