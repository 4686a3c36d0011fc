package dev.lazybuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.testkit.BaseImage;
import dev.lazybuild.testkit.NpmPackages;
import dev.lazybuild.testkit.PipelineRuns;
import dev.lazybuild.testkit.Podman;
import dev.lazybuild.testkit.RpmLockWriter;
import dev.lazybuild.testkit.Rpms;
import dev.lazybuild.testkit.UpstreamServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A checkout laid out like a Konflux project, built with nothing but
 * {@code lazybuild build --runtime runc -t IMG -f components/app/Dockerfile.konflux .}: inputs from
 * the .tekton PipelineRun that names the Containerfile, --network=none from its hermetic param,
 * build args from its build-args-file, cachi2.env applied to RUN steps, a writable /cachi2/output,
 * hermeto.repo merged at /etc/yum.repos.d, and npm's lockfile rewritten as Hermeto's inject-files
 * rewrites it, in a context the checkout never sees changed.
 */
class KonfluxProjectEndToEndTest extends SignedRpmBuildEndToEnd {
    @Test
    void aKonfluxProjectBuildsUnchangedAsKonfluxWouldBuildIt() throws Exception {
        Path checkout = Files.createDirectories(work.resolve("checkout"));
        Files.createDirectories(checkout.resolve(".git"));
        Path tekton = Files.createDirectories(checkout.resolve(".tekton"));
        Path app = Files.createDirectories(checkout.resolve("components/app"));
        Path other = Files.createDirectories(checkout.resolve("components/other"));
        // RPMs, signed, and the key as a generic artifact: prefetch-input/app/{rpms,artifacts}.lock.yaml.
        Rpms.Rpm appRpm = key.sign(Rpms.build("lazyapp", "1.0", "noarch", "rpm ok", List.of("lazylib")));
        Rpms.Rpm lib = key.sign(Rpms.build("lazylib", "2.0", "noarch", "lib", List.of()));
        Rpms.Rpm extra = key.sign(Rpms.build("lazyextra", "3.0", "noarch", "extra", List.of()));
        RpmLockWriter rpms = new RpmLockWriter();
        Map<Rpms.Rpm, URI> rpmUrls = new java.util.HashMap<>();
        for (Rpms.Rpm r : List.of(appRpm, lib, extra)) {
            URI url = upstream.put("/rpms/" + r.fileName(), r.bytes());
            rpmUrls.put(r, url);
            rpms.rpm("x86_64", "lazy-repo", url, r.bytes().length, UpstreamServer.sha256(r.bytes()), r.name(), r.version() + "-1");
        }
        Path inputs = Files.createDirectories(checkout.resolve("prefetch-input/app"));
        Files.writeString(inputs.resolve("rpms.lock.yaml"), rpms.toYaml());
        byte[] gpgKey = key.publicKey().getBytes(StandardCharsets.UTF_8);
        URI keyUrl = upstream.put("/keys/RPM-GPG-KEY-lazybuild", gpgKey);
        Files.writeString(inputs.resolve("artifacts.lock.yaml"), artifacts(keyUrl, gpgKey, "RPM-GPG-KEY-lazybuild-tests"));
        // The other component's input, which this build must never fetch.
        byte[] otherFile = "other".getBytes(StandardCharsets.UTF_8);
        URI otherUrl = upstream.put("/other/file", otherFile);
        Path otherInputs = Files.createDirectories(checkout.resolve("prefetch-input/other"));
        Files.writeString(otherInputs.resolve("artifacts.lock.yaml"), artifacts(otherUrl, otherFile, "other"));
        // npm in a subdirectory, its lockfile's URLs untouched (tarballs from 127.0.0.1: Hermeto's "external" ones).
        NpmPackages.Tarball plain = NpmPackages.pack(work, "lazy-npm", "1.0.0", "npm ok");
        URI plainUrl = upstream.put("/npm/lazy-npm/-/lazy-npm-1.0.0.tgz", plain.bytes());
        Path web = Files.createDirectories(app.resolve("web"));
        NpmPackages npm = new NpmPackages().lock(plain, plainUrl.toString());
        Files.writeString(web.resolve("package.json"), npm.packageJson("web"));
        Files.writeString(web.resolve("package-lock.json"), npm.packageLock("web"));
        Files.writeString(app.resolve("build-args.conf"), "# Konflux build args\nGREETING=hello konflux\n");
        Files.writeString(app.resolve("Dockerfile.konflux"), "FROM " + BaseImage.NAME + "\n"
                + "ARG GREETING\n"
                + "RUN rpm --import /cachi2/output/deps/generic/RPM-GPG-KEY-lazybuild-tests\n"
                + "RUN dnf install -y lazyapp\n"
                + "WORKDIR /app\n"
                + "COPY components/app/web/package.json components/app/web/package-lock.json ./\n"
                + "RUN npm ci --offline --no-audit --no-fund\n"
                + "RUN echo written > /cachi2/output/deps/generic/new-file && chmod 600 /cachi2/output/deps/generic/RPM-GPG-KEY-lazybuild-tests\n"
                + "RUN cat /cachi2/output/deps/generic/new-file > /written\n"
                + "RUN test \"$GREETING\" = 'hello konflux' && echo \"$GREETING\" > /greeting\n"
                + "RUN test \"$(ls /sys/class/net)\" = lo && echo no-network > /network\n");
        Files.writeString(other.resolve("Dockerfile"), "FROM " + BaseImage.NAME + "\n");
        String appInput = "[{\"type\": \"rpm\", \"path\": \"prefetch-input/app\"}, {\"type\": \"generic\", \"path\": \"prefetch-input/app\"},"
                + " {\"type\": \"npm\", \"path\": \"components/app/web\"}]";
        Files.writeString(tekton.resolve("app-push.yaml"), run("app-on-push", "push", "components/app/Dockerfile.konflux",
                "'" + appInput + "'"));
        Files.writeString(tekton.resolve("app-pull-request.yaml"), run("app-on-pull-request", "pull_request",
                "components/app/Dockerfile.konflux", "'" + appInput.replace(", ", ",  ") + "'"));
        Files.writeString(tekton.resolve("other-push.yaml"), run("other-on-push", "push", "components/other/Dockerfile",
                "'[{\"type\": \"generic\", \"path\": \"prefetch-input/other\"}]'"));
        Map<String, String> before = hashes(checkout);

        CliRunner r = CliRunner.run("build", "--cache-dir", work.resolve("cache").toString(), "--runtime", "runc",
                "-t", image, "-f", app.resolve("Dockerfile.konflux").toString(), checkout.toString());
        System.out.println(r + "\nrequests: " + upstream.requests());

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.err()).contains("inputs from the PipelineRun in .tekton/app-push.yaml")
                .contains("network: none (hermetic: 'true' in .tekton/app-push.yaml)");
        assertThat(Podman.runIn(image, "rpm -q lazyapp lazylib && cd /app && node -e 'console.log(require(\"lazy-npm\"))'"
                + " && cat /written /greeting /network"))
                .contains("lazyapp-1.0-1.noarch", "lazylib-2.0-1.noarch", "npm ok", "written", "hello konflux", "no-network");
        for (URI opened : List.of(keyUrl, plainUrl, rpmUrls.get(appRpm), rpmUrls.get(lib))) {
            assertThat(upstream.wholeGets(opened.getPath())).as(opened.getPath()).isEqualTo(1);
        }
        assertThat(upstream.gets(otherUrl.getPath())).isZero();
        // Repodata is made from every RPM's header (one ranged GET); an RPM nobody installs is never fetched whole.
        assertThat(upstream.gets(rpmUrls.get(extra).getPath())).isEqualTo(1);
        assertThat(upstream.wholeGets(rpmUrls.get(extra).getPath())).isZero();
        assertThat(hashes(checkout)).isEqualTo(before);
        assertThat(PipBuildEndToEndTest.leftoverMounts()).isEmpty();
    }

    private static String artifacts(URI url, byte[] content, String filename) {
        return "metadata:\n  version: '1.0'\nartifacts:\n  - download_url: " + url + "\n    checksum: sha256:"
                + UpstreamServer.sha256(content) + "\n    filename: " + filename + "\n";
    }

    private static String run(String name, String event, String dockerfile, String prefetchInput) {
        return PipelineRuns.yaml(name, event, dockerfile, ".", prefetchInput, """
                  - name: hermetic
                    value: 'true'
                  - name: build-args-file
                    value: components/app/build-args.conf
                """);
    }

    /** Every file of the checkout with the sha256 of its bytes: the checkout must be byte-identical after the build. */
    private static Map<String, String> hashes(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                try {
                    out.put(root.relativize(p).toString(),
                            HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return out;
    }
}
