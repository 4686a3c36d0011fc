package dev.lazybuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lazybuild.cli.command.ExitCode;
import dev.lazybuild.testkit.BaseImage;
import dev.lazybuild.testkit.PylockWriter;
import dev.lazybuild.testkit.UpstreamServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 16 cases 1 and 13 through a real build: a context's podman-args never reach podman,
 * and a build whose RUN step tolerates a failed open (EIO) still fails, with exit status 4
 * and a line naming the file.
 */
class UntrustedInputsEndToEndTest extends BuildEndToEnd {
    private static final String WHEEL = "gone-1.0-py3-none-any.whl";

    @Test
    void aFailedOpenThatTheBuildToleratesStillFailsTheBuildWithExitFour() throws Exception {
        byte[] content = "a wheel the server no longer has".getBytes();
        URI url = upstream.put("/w/" + WHEEL, content);
        upstream.fault("/w/" + WHEEL, UpstreamServer.Fault.status(404, 1000));
        Path context = context(url, content);
        Files.writeString(context.resolve("Containerfile"), "FROM " + BaseImage.NAME + "\n"
                + "RUN cat /cachi2/output/deps/pip/" + WHEEL + " > /dev/null || true\n");
        Path summary = work.resolve("summary.json");

        CliRunner r = CliRunner.runWith(env(), "build", "--cache-dir", work.resolve("cache").toString(),
                "--summary-json", summary.toString(), "--runtime", "runc", "--network=none", "-t", image, context.toString());

        assertThat(r.status()).as(r.toString()).isEqualTo(ExitCode.FETCH.code());
        assertThat(r.err()).contains("1 failed;")
                .contains("lazybuild: error: the build could not open /cachi2/output/deps/pip/" + WHEEL + " (" + url + ")")
                .contains("exit status 4");
        JsonNode json = new ObjectMapper().readTree(summary.toFile());
        assertThat(json.path("filesFailed").asInt()).isEqualTo(1);
        assertThat(json.path("firstFailure").path("url").asText()).isEqualTo(url.toString());
        assertThat(json.path("firstFailure").path("reason").asText()).contains("404");
        assertThat(json.path("podmanExitStatus").asInt()).isZero();
    }

    @Test
    void podmanArgsCommittedInTheContextNeverReachPodman() throws Exception {
        byte[] content = "unused".getBytes();
        Path context = context(upstream.put("/w/" + WHEEL, content), content);
        Files.writeString(context.resolve("Containerfile"), "FROM " + BaseImage.NAME + "\n");
        Files.writeString(context.resolve("lazybuild.toml"),
                "podman-args = [\"--volume\", \"/:/host:rw\", \"--cap-add\", \"ALL\"]\n");
        Path recorded = work.resolve("podman-args.txt");
        Path podman = work.resolve("recording-podman");
        Files.writeString(podman, "#!/bin/sh\nprintf '%s\\n' \"$@\" > '" + recorded + "'\n");
        Files.setPosixFilePermissions(podman, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> env = env();
        env.put("LAZYBUILD_PODMAN", podman.toString());
        env.put("LAZYBUILD_PODMAN_ARGS", "--runtime runc");

        CliRunner r = CliRunner.runWith(env, "build", "--cache-dir", work.resolve("cache").toString(), context.toString());

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.err()).contains("'podman-args' is not taken from a build context");
        String args = Files.readString(recorded);
        assertThat(args).doesNotContain("/:/host:rw").doesNotContain("--cap-add").doesNotContain("ALL")
                .contains("--runtime\nrunc\n").contains(":/cachi2:ro");
    }

    private Path context(URI url, byte[] content) throws Exception {
        Path context = Files.createDirectories(work.resolve("context"));
        Files.writeString(context.resolve("pylock.toml"),
                new PylockWriter().wheel("gone", "1.0", url, content.length, UpstreamServer.sha256(content)).toToml());
        return context;
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("LAZYBUILD_STATE_DIR", work.resolve("state").toString());
        env.put("XDG_CONFIG_HOME", work.resolve("config").toString());
        return env;
    }
}
