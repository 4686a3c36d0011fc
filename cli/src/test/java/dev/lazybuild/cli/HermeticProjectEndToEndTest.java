package dev.lazybuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;
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

    /** The URLs of what the project locks, for assertions on what was requested and opened. */
    private record Project(Path context, URI wheelUrl, URI unusedWheelUrl, URI plainUrl, URI scopedUrl, URI keyUrl,
                           Map<Rpms.Rpm, URI> rpmUrls, Rpms.Rpm app, Rpms.Rpm lib, Rpms.Rpm extra, Rpms.Rpm arm) { }

    /**
     * The project: pip (an app wheel and a wheel nobody installs), npm (a plain and a scoped
     * package), signed RPMs (lazyapp needs lazylib; lazyextra and an aarch64 RPM nobody
     * installs) and their key through the generic lockfile, as real projects do it.
     */
    private Project writeProject() throws Exception {
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

        return new Project(context, wheelUrl, unusedWheelUrl, plainUrl, scopedUrl, keyUrl, rpmUrls, app, lib, extra, arm);
    }

    @Test
    void aDockerfileWrittenForHermetoBuildsUnchangedWithEveryEcosystem() throws Exception {
        Project p = writeProject();
        CliRunner r = CliRunner.run("build", "--cache-dir", work.resolve("cache").toString(),
                "--runtime", "runc", "--network=none", "--no-cache", "--platform", "linux/amd64", "-t", image, p.context().toString());
        System.out.println(r + "\nrequests: " + upstream.requests());

        assertThat(r.status()).as(r.toString()).isZero();
        assertTheImageHasEveryEcosystemInstalled();
        for (URI opened : List.of(p.wheelUrl(), p.plainUrl(), p.scopedUrl(), p.keyUrl(), p.rpmUrls().get(p.app()),
                p.rpmUrls().get(p.lib()))) {
            assertThat(upstream.wholeGets(opened.getPath())).as(opened.getPath()).isEqualTo(1);
        }
        // The repodata came from the RPMs' headers (signed by the locked key): one ranged GET each.
        assertThat(r.err()).contains("header signatures checked");
        assertThat(upstream.gets(p.rpmUrls().get(p.extra()).getPath()) - upstream.wholeGets(p.rpmUrls().get(p.extra()).getPath())).isEqualTo(1);
        assertThat(upstream.wholeGets(p.rpmUrls().get(p.extra()).getPath())).isZero();
        // Never opened by the build: the unused wheel; the other arch's RPM is not even in the tree.
        assertThat(upstream.gets(p.unusedWheelUrl().getPath())).isZero();
        assertThat(upstream.gets(p.rpmUrls().get(p.arm()).getPath())).isZero();
        assertThat(PipBuildEndToEndTest.leftoverMounts()).isEmpty();
    }

    /**
     * A cold build (empty cache, no fetch-ahead, no layer cache): the SBOM validates against
     * CycloneDX 1.6, lists every declared component (the other architecture's RPM too, as
     * Hermeto does) and marks as opened exactly what the mount recorded: the wheel, both npm
     * tarballs, the key, lazyapp and lazylib; not the unused wheel, nor lazyextra, whose RPM
     * the repodata step downloaded without the build ever opening it.
     */
    @Test
    void theSbomOfAColdBuildMarksExactlyTheFilesTheBuildOpened() throws Exception {
        Project p = writeProject();
        Path sbom = work.resolve("bom.json");
        Path summary = work.resolve("summary.json");

        CliRunner r = CliRunner.run("build", "--cache-dir", work.resolve("cache").toString(), "--no-fetch-ahead",
                "--prefetch-sbom", sbom.toString(), "--summary-json", summary.toString(), "--runtime", "runc",
                "--network=none", "--no-cache", "--platform", "linux/amd64", "-t", image, p.context().toString());

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(new JsonParser().validate(sbom.toFile(), Version.VERSION_16)).isEmpty();
        JsonNode bom = new ObjectMapper().readTree(sbom.toFile());
        Map<String, String> openedByName = new TreeMap<>();
        Map<String, String> purlByName = new TreeMap<>();
        for (JsonNode c : bom.path("components")) {
            purlByName.put(c.path("name").asText(), c.path("purl").asText());
            c.path("properties").forEach(prop -> {
                if (prop.path("name").asText().equals("lazybuild:opened")) {
                    openedByName.put(c.path("name").asText(), prop.path("value").asText());
                }
            });
        }
        assertThat(openedByName).isEqualTo(new TreeMap<>(Map.of("lazydemo", "true", "unused", "false", "app", "false",
                "lazy-npm", "true", "@lazy/scoped", "true", "RPM-GPG-KEY-lazybuild-tests", "true", "lazyapp", "true",
                "lazylib", "true", "lazyextra", "false", "lazyarm", "false")));
        assertThat(openedByName.values().stream().filter("true"::equals).count())
                .isEqualTo(new ObjectMapper().readTree(summary.toFile()).path("filesOpened").asLong());
        assertThat(purlByName.get("lazyapp")).isEqualTo("pkg:rpm/lazyapp@1.0-1?arch=noarch&checksum=sha256:"
                + UpstreamServer.sha256(p.app().bytes()) + "&repository_id=lazy-noarch");
        assertThat(purlByName.get("lazydemo")).isEqualTo("pkg:pypi/lazydemo@1.0");
        assertThat(bom.at("/metadata/component/name").asText()).isEqualTo(image);
        assertThat(bom.at("/metadata/properties").findValuesAsText("value"))
                .contains(p.context().resolve("Dockerfile").toString());
    }

    /**
     * Without FUSE: {@code prefetch --output DIR}, then plain podman with DIR mounted where
     * Konflux mounts Hermeto's output builds the same Dockerfile; a second prefetch sends no
     * request and writes nothing.
     */
    @Test
    void prefetchOutputBuildsWithPlainPodmanAndASecondRunChangesNothing() throws Exception {
        Project p = writeProject();
        Path dir = work.resolve("cachi2");
        String[] prefetch = {"prefetch", "--no-progress", "--cache-dir", work.resolve("cache").toString(),
            "--platform", "linux/amd64", "--output", dir.toString(), p.context().toString()};

        CliRunner first = CliRunner.run(prefetch);
        assertThat(first.status()).as(first.toString()).isZero();
        Podman.Result build = Podman.exec(List.of("podman", "build", "--runtime", "runc", "--network=none", "--no-cache",
                "--volume", dir + ":/cachi2:ro", "--volume", dir + "/output/deps/rpm/x86_64/repos.d:/etc/yum.repos.d:ro",
                "-t", image, p.context().toString()));
        assertThat(build.status()).as(build.output()).isZero();
        assertTheImageHasEveryEcosystemInstalled();
        int requests = upstream.requests().size();

        CliRunner second = CliRunner.run(prefetch);

        assertThat(second.status()).as(second.toString()).isZero();
        assertThat(second.out()).containsPattern("output " + dir + ": 0 files written, \\d+ unchanged, 0 removed");
        assertThat(upstream.requests()).hasSize(requests);
    }

    private void assertTheImageHasEveryEcosystemInstalled() {
        assertThat(Podman.runIn(image, "rpm -q lazyapp lazylib && /venv/bin/python -c 'import lazydemo; print(lazydemo.VALUE)'"
                + " && cd /app && node -e 'console.log(require(\"lazy-npm\"), require(\"@lazy/scoped\"))'"))
                .contains("lazyapp-1.0-1.noarch", "lazylib-2.0-1.noarch", "pip ok", "npm ok scoped ok");
    }
}
