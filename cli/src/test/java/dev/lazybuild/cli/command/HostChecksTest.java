package dev.lazybuild.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.cli.app.RuntimeDir;
import dev.lazybuild.cli.podman.Platforms;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostChecksTest {
    @TempDir
    Path work;

    @Test
    void withoutAFuseDeviceDoctorShowsTheCommandsThatNeedNoFuse() {
        Map<String, String> env = Map.of("PATH", work.toString(), "LAZYBUILD_RUNTIME_DIR", work.resolve("run").toString());

        List<Check> checks = new HostChecks(env, work.resolve("cache"), RuntimeDir.forCurrentUser(env), true,
                work.resolve("no-fuse")).run();

        String arch = Platforms.rpmArch(Optional.empty(), Optional.empty());
        assertThat(checks).contains(new Check("without FUSE", Check.Status.WARNING,
                "run 'lazybuild prefetch --output DIR CONTEXT', then build from DIR",
                "podman build --network=none --volume DIR:/cachi2:ro --volume DIR/output/deps/rpm/" + arch
                        + "/repos.d:/etc/yum.repos.d:ro -f CONTAINERFILE CONTEXT"));
        assertThat(checks).filteredOn(c -> c.name().equals("/dev/fuse")).singleElement()
                .satisfies(c -> assertThat(c.fix()).contains("'lazybuild prefetch --output DIR' writes the same tree"));
    }

    @Test
    void withAFuseDeviceThereIsNoWithoutFuseLine() throws Exception {
        Map<String, String> env = Map.of("PATH", work.toString(), "LAZYBUILD_RUNTIME_DIR", work.resolve("run").toString());
        Path device = java.nio.file.Files.createFile(work.resolve("fuse"));

        List<Check> checks = new HostChecks(env, work.resolve("cache"), RuntimeDir.forCurrentUser(env), true, device).run();

        assertThat(checks).extracting(Check::name).contains("/dev/fuse").doesNotContain("without FUSE");
    }
}
