package dev.lazybuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.cli.command.ExitCode;
import dev.lazybuild.testkit.Prerequisites;
import dev.lazybuild.vfs.fuse.FuseDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** doctor run as its own process, so that it sees the PATH the test gives it. */
class DoctorCommandTest {
    @TempDir
    Path work;

    @Test
    @Tag("e2e")
    void aMachineWithoutCreaterepoCIsReadyWithAWarningUnlessTheConfigAsksForVerifiedRepodata() throws Exception {
        requireTools();
        Path bin = pathWith("podman", "fusermount", "runc");

        try (LazybuildProcess doctor = LazybuildProcess.start(work.resolve("logs"), env(bin), "doctor",
                "--cache-dir", work.resolve("cache").toString())) {
            assertThat(doctor.waitFor(120)).as(doctor.toString()).isZero();
            assertThat(doctor.out()).containsPattern("(?m)^warning +createrepo_c +not usable \\(optional: only "
                            + "--verified-repodata needs it; repodata is written from the RPMs' headers by default\\)")
                    .contains("install it with 'apt-get install createrepo-c' (Debian, Ubuntu) or 'dnf install createrepo_c'")
                    .containsPattern("(?m)^ok +podman +" + bin.resolve("podman"))
                    .containsPattern("(?m)^ok +fusermount ");
            assertThat(doctor.err()).isEmpty();
        }

        Path config = Files.writeString(work.resolve("config.toml"), "verified-repodata = true\n");
        try (LazybuildProcess doctor = LazybuildProcess.start(work.resolve("logs2"), env(bin), "doctor",
                "--config", config.toString(), "--cache-dir", work.resolve("cache").toString())) {
            assertThat(doctor.waitFor(120)).as(doctor.toString()).isEqualTo(ExitCode.PREREQUISITE.code());
            assertThat(doctor.out()).containsPattern("(?m)^problem +createrepo_c +not usable \\(verified-repodata = true needs it\\)");
            assertThat(doctor.err()).isEqualTo("lazybuild: error: not ready for lazybuild build: createrepo_c"
                    + " (see the fixes above)\n");
        }
    }

    @Test
    @Tag("e2e")
    void aReadyMachinePassesEveryCheck() throws Exception {
        requireTools();
        Path bin = pathWith("podman", "fusermount", "runc", "createrepo_c");

        try (LazybuildProcess doctor = LazybuildProcess.start(work.resolve("logs"), env(bin), "doctor",
                "--cache-dir", work.resolve("cache").toString())) {
            assertThat(doctor.waitFor(120)).as(doctor.toString()).isZero();
            assertThat(doctor.out().lines()).hasSizeGreaterThanOrEqualTo(9)
                    .allMatch(l -> l.startsWith("ok ") || l.startsWith("warning ") || l.startsWith("  "));
            assertThat(doctor.out()).containsPattern("(?m)^ok +podman runtime +\\w+ \\(cgroups v\\d\\)");
            assertThat(doctor.err()).isEmpty();
        }
    }

    @Test
    void aMissingFuseDeviceIsReportedWithTheFix() {
        Path device = work.resolve("no-such-fuse");
        assertThat(FuseDevice.deviceProblem(device, true)).hasValueSatisfying(p -> assertThat(p).startsWith(device
                + " is missing: load the fuse module (modprobe fuse) or, in a container, pass --device /dev/fuse;")
                .contains("lazybuild prefetch --output DIR"));
    }

    private static void requireTools() {
        Prerequisites.requireFuse();
        for (String p : List.of("podman", "runc", "createrepo_c")) {
            Prerequisites.requireProgram(p);
        }
    }

    private static Map<String, String> env(Path bin) {
        return Map.of("PATH", bin.toString(), "LAZYBUILD_RUNTIME_DIR", bin.resolveSibling("run").toString());
    }

    /** A PATH directory holding only these programs (links to the real ones). */
    private Path pathWith(String... programs) throws Exception {
        Path bin = Files.createDirectories(work.resolve("bin"));
        for (String p : programs) {
            Process which = new ProcessBuilder("sh", "-c", "command -v " + p).start();
            String real = new String(which.getInputStream().readAllBytes()).strip();
            which.waitFor();
            Files.createSymbolicLink(bin.resolve(p), Path.of(real));
        }
        return bin;
    }
}
