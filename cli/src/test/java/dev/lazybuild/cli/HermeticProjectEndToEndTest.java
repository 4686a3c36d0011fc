package dev.lazybuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.testkit.BaseImage;
import dev.lazybuild.testkit.NpmPackages;
import dev.lazybuild.testkit.Podman;
import dev.lazybuild.testkit.PylockWriter;
import dev.lazybuild.testkit.RpmLockWriter;
import dev.lazybuild.testkit.Rpms;
import dev.lazybuild.testkit.UpstreamServer;
import dev.lazybuild.testkit.Wheels;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A Hermeto-style project with all four lockfiles, built unchanged by {@code lazybuild build}:
 * the Dockerfile does what real Konflux Dockerfiles do (rpm --import of a generic file, dnf
 * install from /etc/yum.repos.d, pip install from deps/pip, npm ci --offline after pointing
 * the lockfile's resolved URLs at deps/npm), with --network=none.
 */
class HermeticProjectEndToEndTest extends SignedRpmBuildEndToEnd {
    /** Hermeto's path for a tarball from outside the npm registry (npm/fetch.py); a scope stays a directory. */
    private static String external(NpmPackages.Tarball t) {
        String name = t.name();
        String hex = java.util.HexFormat.of().formatHex(java.util.Base64.getDecoder().decode(t.integrity().substring("sha512-".length())));
        return "external-" + name + "/" + name + "-external-sha512-" + hex + ".tgz";
    }

    @Test
    void aDockerfileWrittenForHermetoBuildsUnchangedWithEveryEcosystem() throws Exception {
        Path context = Files.createDirectories(work.resolve("context"));
        // pip: an app wheel and a wheel nobody installs.
        byte[] wheel = Wheels.build("lazydemo", "1.0", "pip ok", List.of());
        byte[] unusedWheel = Wheels.build("unused", "1.0", "never", List.of());
        URI wheelUrl = upstream.put("/pypi/" + Wheels.fileName("lazydemo", "1.0"), wheel);
        URI unusedWheelUrl = upstream.put("/pypi/" + Wheels.fileName("unused", "1.0"), unusedWheel);
        Files.writeString(context.resolve("pylock.toml"), new PylockWriter()
                .wheel("lazydemo", "1.0", wheelUrl, wheel.length, UpstreamServer.sha256(wheel))
                .wheel("unused", "1.0", unusedWheelUrl, unusedWheel.length, UpstreamServer.sha256(unusedWheel)).toToml());
        // npm: a plain and a scoped package. Tarballs not on registry.npmjs.org go where Hermeto
        // puts them: deps/npm/external-<name>/<name>-external-<algo>-<hex>.tgz.
        NpmPackages.Tarball plain = NpmPackages.pack(work, "lazy-npm", "1.0.0", "npm ok");
        NpmPackages.Tarball scoped = NpmPackages.pack(work, "@lazy/scoped", "2.0.0", "scoped ok");
        URI plainUrl = upstream.put("/npm/lazy-npm/-/lazy-npm-1.0.0.tgz", plain.bytes());
        URI scopedUrl = upstream.put("/npm/@lazy/scoped/-/scoped-2.0.0.tgz", scoped.bytes());
        NpmPackages npm = new NpmPackages().lock(plain, plainUrl.toString()).lock(scoped, scopedUrl.toString());
        Files.writeString(context.resolve("package.json"), npm.packageJson("app"));
        Files.writeString(context.resolve("package-lock.json"), npm.packageLock("app"));
        // RPMs, signed: the key comes in through the generic lockfile, as real projects do it.
        Rpms.Rpm app = key.sign(Rpms.build("lazyapp", "1.0", "noarch", "rpm ok", List.of("lazylib")));
        Rpms.Rpm lib = key.sign(Rpms.build("lazylib", "2.0", "noarch", "lib", List.of()));
        Rpms.Rpm extra = key.sign(Rpms.build("lazyextra", "3.0", "noarch", "extra", List.of()));
        Rpms.Rpm arm = key.sign(Rpms.build("lazyarm", "1.0", "aarch64", "arm", List.of()));
        Map<Rpms.Rpm, URI> rpmUrls = List.of(app, lib, extra, arm).stream().collect(Collectors.toMap(Function.identity(),
                r -> upstream.put("/" + r.arch() + "/" + r.fileName(), r.bytes())));
        RpmLockWriter rpms = new RpmLockWriter();
        for (Rpms.Rpm r : List.of(app, lib, extra, arm)) {
            rpms.rpm(r.arch().equals("aarch64") ? "aarch64" : "x86_64", "lazy-" + r.arch(), rpmUrls.get(r),
                    r.bytes().length, UpstreamServer.sha256(r.bytes()), r.name(), r.version() + "-1");
        }
        Files.writeString(context.resolve("rpms.lock.yaml"), rpms.toYaml());
        byte[] gpgKey = key.publicKey().getBytes(StandardCharsets.UTF_8);
        URI keyUrl = upstream.put("/keys/RPM-GPG-KEY-lazybuild", gpgKey);
        Files.writeString(context.resolve("artifacts.lock.yaml"), "metadata:\n  version: '1.0'\nartifacts:\n"
                + "  - download_url: " + keyUrl + "\n    checksum: sha256:" + UpstreamServer.sha256(gpgKey)
                + "\n    filename: RPM-GPG-KEY-lazybuild-tests\n");
        String deps = "/cachi2/output/deps";
        Files.writeString(context.resolve("Dockerfile"), "FROM " + BaseImage.NAME + "\n"
                + "RUN rpm --import " + deps + "/generic/RPM-GPG-KEY-lazybuild-tests\n"
                + "RUN dnf install -y lazyapp\n"
                + "RUN . /cachi2/cachi2.env && python3 -m venv /venv && /venv/bin/pip install lazydemo\n"
                + "WORKDIR /app\n"
                + "COPY package.json package-lock.json ./\n"
                + "RUN sed -i -e 's#" + plainUrl + "#file://" + deps + "/npm/" + external(plain) + "#'"
                + " -e 's#" + scopedUrl + "#file://" + deps + "/npm/" + external(scoped) + "#' package-lock.json"
                + " && npm ci --offline --no-audit --no-fund\n");

        CliRunner r = CliRunner.run("build", "--cache-dir", work.resolve("cache").toString(),
                "--runtime", "runc", "--network=none", "--no-cache", "--platform", "linux/amd64", "-t", image, context.toString());
        System.out.println(r + "\nrequests: " + upstream.requests());

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(Podman.runIn(image, "rpm -q lazyapp lazylib && /venv/bin/python -c 'import lazydemo; print(lazydemo.VALUE)'"
                + " && cd /app && node -e 'console.log(require(\"lazy-npm\"), require(\"@lazy/scoped\"))'"))
                .contains("lazyapp-1.0-1.noarch", "lazylib-2.0-1.noarch", "pip ok", "npm ok scoped ok");
        for (URI opened : List.of(wheelUrl, plainUrl, scopedUrl, keyUrl, rpmUrls.get(app), rpmUrls.get(lib))) {
            assertThat(upstream.wholeGets(opened.getPath())).as(opened.getPath()).isEqualTo(1);
        }
        // The repodata came from the RPMs' headers (signed by the locked key): one ranged GET each.
        assertThat(r.err()).contains("header signatures checked");
        assertThat(upstream.gets(rpmUrls.get(extra).getPath()) - upstream.wholeGets(rpmUrls.get(extra).getPath())).isEqualTo(1);
        assertThat(upstream.wholeGets(rpmUrls.get(extra).getPath())).isZero();
        // Never opened by the build: the unused wheel; the other arch's RPM is not even in the tree.
        assertThat(upstream.gets(unusedWheelUrl.getPath())).isZero();
        assertThat(upstream.gets(rpmUrls.get(arm).getPath())).isZero();
        assertThat(PipBuildEndToEndTest.leftoverMounts()).isEmpty();
    }
}
