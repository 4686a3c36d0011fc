package dev.lazybuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.testkit.BaseImage;
import dev.lazybuild.testkit.Podman;
import dev.lazybuild.testkit.Sdists;
import dev.lazybuild.testkit.SimpleIndex;
import dev.lazybuild.testkit.UpstreamServer;
import dev.lazybuild.testkit.Wheels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A hashed requirements file as the lockfile of a real build: lazybuild reads only the index's
 * project pages to plan the tree, pip installs with {@code --no-index --find-links} inside a
 * podman build with {@code --network=none}, and the server sees each wheel pip opened once,
 * the other architectures' wheels and the sdist never; a second build asks the index nothing.
 */
class RequirementsBuildEndToEndTest extends BuildEndToEnd {
    private static final String HOST_ARCH = System.getProperty("os.arch").equals("aarch64") ? "aarch64" : "x86_64";

    @Test
    void pipInstallsFromTheResolvedTreeAndOnlyTheWheelsItOpensAreDownloaded() throws Exception {
        SimpleIndex index = new SimpleIndex(upstream);
        byte[] app = Wheels.build("lazyapp", "1.0", "resolved lazily", List.of("lazynative==1.0"));
        String appWheel = Wheels.fileName("lazyapp", "1.0");
        byte[] sdist = Sdists.build("lazyapp", "1.0");
        index.add("lazyapp", appWheel, app).add("lazyapp", Sdists.fileName("lazyapp", "1.0"), sdist);
        Map<String, byte[]> natives = new java.util.LinkedHashMap<>();
        for (String arch : List.of("x86_64", "aarch64", "s390x")) {
            String tag = "cp311-cp311-manylinux_2_17_" + arch;
            natives.put(Wheels.fileName("lazynative", "1.0", tag), Wheels.build("lazynative", "1.0", "native " + arch, List.of(), tag));
        }
        natives.forEach((name, bytes) -> index.add("lazynative", name, bytes));
        index.publish();
        String nativeWheel = Wheels.fileName("lazynative", "1.0", "cp311-cp311-manylinux_2_17_" + HOST_ARCH);

        Path context = Files.createDirectories(work.resolve("context"));
        Files.writeString(context.resolve("requirements.txt"), "# pip-compile --generate-hashes, by hand\n"
                + "--index-url " + index.jsonIndex() + "\n"
                + "lazyapp==1.0 \\\n    --hash=sha256:" + UpstreamServer.sha256(app) + " \\\n    --hash=sha256:" + UpstreamServer.sha256(sdist) + "\n"
                + "lazynative==1.0 ; sys_platform == 'linux' \\\n" + natives.values().stream()
                        .map(b -> "    --hash=sha256:" + UpstreamServer.sha256(b)).collect(Collectors.joining(" \\\n")) + "\n");
        Files.writeString(context.resolve("Containerfile"), "FROM " + BaseImage.NAME + "\n"
                + "COPY requirements.txt /requirements.txt\n"
                + "RUN test $(ls /cachi2/output/deps/pip | wc -l) = 5\n"
                + "RUN python3 -m venv /venv && /venv/bin/pip install --no-index --find-links /cachi2/output/deps/pip -r /requirements.txt\n");

        long started = System.nanoTime();
        CliRunner first = build(context);
        long firstMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(first.status()).as(first.toString()).isZero();
        assertThat(Podman.runIn(image, "/venv/bin/python -c 'import lazyapp, lazynative; print(lazyapp.VALUE, lazynative.VALUE)'"))
                .contains("resolved lazily native " + HOST_ARCH);
        List<String> paths = upstream.requests().stream().map(r -> r.method() + " " + r.path()).toList();
        assertThat(paths.subList(0, 2)).containsExactlyInAnyOrder("GET /json/lazyapp/", "GET /json/lazynative/");
        assertThat(paths.subList(2, paths.size())).containsExactlyInAnyOrder(
                "GET " + SimpleIndex.filePath(appWheel), "GET " + SimpleIndex.filePath(nativeWheel));

        System.out.println("e2e requirements build took " + firstMillis + " ms; requests: " + paths);
        upstream.clearLog();
        started = System.nanoTime();
        CliRunner second = build(context);
        System.out.println("second build took " + (System.nanoTime() - started) / 1_000_000 + " ms; requests: " + upstream.requests());
        assertThat(second.status()).as(second.toString()).isZero();
        assertThat(upstream.requests()).as("a second build asks the index nothing and finds the wheels cached").isEmpty();
        assertThat(PipBuildEndToEndTest.leftoverMounts()).isEmpty();
    }

    private CliRunner build(Path context) {
        return CliRunner.run("build", "--cache-dir", work.resolve("cache").toString(), "--lockfile",
                context.resolve("requirements.txt").toString(), "--runtime", "runc", "--network=none", "-t", image,
                "-f", context.resolve("Containerfile").toString(), context.toString());
    }
}
