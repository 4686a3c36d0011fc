package dev.lazybuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.testkit.BaseImage;
import dev.lazybuild.testkit.Podman;
import dev.lazybuild.testkit.Sdists;
import dev.lazybuild.testkit.SimpleIndex;
import dev.lazybuild.testkit.UpstreamServer;
import dev.lazybuild.testkit.Wheels;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * pip's inject-files in a real build: a pip input whose requirements file has a URL requirement
 * (a wheel on a loopback server) next to an index one. The Containerfile does what a Konflux
 * one does, {@code pip install -r requirements.txt} with nothing but cachi2.env, in a build
 * without network: it works only because the build's context holds the file as Hermeto's
 * inject-files rewrites it, pointing at {@code file:///cachi2/output/deps/pip/}; the checkout
 * itself is never written.
 */
class PipInjectEndToEndTest extends BuildEndToEnd {
    @Test
    void pipInstallsAUrlRequirementThroughTheRewrittenRequirementsFile() throws Exception {
        SimpleIndex index = new SimpleIndex(upstream);
        byte[] app = Wheels.build("lazyapp", "1.0", "from the index", List.of());
        byte[] sdist = Sdists.build("lazyapp", "1.0");
        String appWheel = Wheels.fileName("lazyapp", "1.0");
        index.add("lazyapp", appWheel, app).add("lazyapp", Sdists.fileName("lazyapp", "1.0"), sdist).publish();
        byte[] direct = Wheels.build("lazyurl", "1.0", "from a URL", List.of());
        String directWheel = Wheels.fileName("lazyurl", "1.0");
        URI directUrl = upstream.put("/files/" + directWheel, direct);
        String directHash = UpstreamServer.sha256(direct);

        Path checkout = Files.createDirectories(work.resolve("checkout"));
        Path requirements = Files.createDirectories(checkout.resolve("app")).resolve("requirements.txt");
        Files.writeString(requirements, "# pip-compile --generate-hashes, then a URL requirement by hand\n"
                + "--index-url " + index.jsonIndex() + "\n"
                + "lazyapp==1.0 \\\n    --hash=sha256:" + UpstreamServer.sha256(app) + " \\\n    --hash=sha256:" + UpstreamServer.sha256(sdist) + "\n"
                + "lazyurl @ " + directUrl + "#cachito_hash=sha256:" + directHash + " \\\n    --hash=sha256:" + directHash + "\n");
        byte[] original = Files.readAllBytes(requirements);
        Files.writeString(checkout.resolve("Containerfile"), "FROM " + BaseImage.NAME + "\n"
                + "COPY app/requirements.txt /requirements.txt\n"
                + "RUN python3 -m venv /venv && /venv/bin/pip install -r /requirements.txt\n");

        CliRunner r = CliRunner.run("build", "--cache-dir", work.resolve("cache").toString(), "--runtime", "runc",
                "--prefetch-input", "{\"type\": \"pip\", \"path\": \"app\", \"requirements_files\": [\"requirements.txt\"], \"binary\": {}}",
                "-t", image, "-f", checkout.resolve("Containerfile").toString(), checkout.toString());
        System.out.println(r + "\nrequests: " + upstream.requests());

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(Podman.runIn(image, "/venv/bin/python -c 'import lazyapp, lazyurl; print(lazyapp.VALUE, \"/\", lazyurl.VALUE)'"))
                .contains("from the index / from a URL");
        // What Hermeto's inject-files writes: its normal form of the file, the URL line pointing at deps/pip.
        assertThat(Podman.runIn(image, "cat /requirements.txt")).isEqualTo("--index-url " + index.jsonIndex() + "\n"
                + "lazyapp==1.0 --hash=sha256:" + UpstreamServer.sha256(app) + " --hash=sha256:" + UpstreamServer.sha256(sdist) + "\n"
                + "lazyurl @ file:///cachi2/output/deps/pip/" + directWheel + "#cachito_hash=sha256:" + directHash
                + " --hash=sha256:" + directHash + "\n");
        // The index page, then each wheel pip opened, once; the sdist never. (The URL file's size, which no index
        // gives, is one HEAD when the tree is planned.)
        List<String> gets = upstream.requests().stream().filter(q -> q.method().equals("GET")).map(q -> q.path()).toList();
        assertThat(gets).containsExactlyInAnyOrder("/json/lazyapp/", SimpleIndex.filePath(appWheel), directUrl.getPath());
        assertThat(Files.readAllBytes(requirements)).isEqualTo(original);
        try (var files = Files.walk(checkout)) {
            assertThat(files.filter(Files::isRegularFile).map(checkout::relativize).map(Path::toString).sorted().toList())
                    .containsExactly("Containerfile", "app/requirements.txt");
        }
        assertThat(PipBuildEndToEndTest.leftoverMounts()).isEmpty();
    }
}
