package dev.lazybuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.cli.command.ExitCode;
import dev.lazybuild.cli.podman.Platforms;
import dev.lazybuild.cli.podman.PodmanArguments;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTest {
    @TempDir
    Path work;

    @Test
    void helpListsTheCommandsAndTheExitStatuses() {
        CliRunner r = CliRunner.run("--help");
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("build").contains("Exit status:");
        for (ExitCode c : ExitCode.values()) {
            assertThat(r.out()).containsPattern("\\s" + c.code() + "\\s+" + java.util.regex.Pattern.quote(c.meaning().substring(0, 20)));
        }
    }

    @Test
    void unknownCommandIsAUsageErrorWithOneErrorLine() {
        CliRunner r = CliRunner.run("bild");
        assertThat(r.status()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.err()).startsWith("lazybuild: error: ");
    }

    @Test
    void malformedLockfileNamesTheFileAndExitsWithTheLockfileStatus() throws Exception {
        Files.writeString(work.resolve("pylock.toml"), "lock-version = \"1.0\"\n[[packages]]\nname = \"x\"\n"
                + "wheels = [{ url = \"ftp://example.org/x-1.0-py3-none-any.whl\", hashes = { sha256 = \"" + "a".repeat(64) + "\" } }]\n");
        CliRunner r = CliRunner.run("build", "--cache-dir", work.resolve("cache").toString(), work.toString());
        assertThat(r.status()).isEqualTo(ExitCode.LOCKFILE.code());
        assertThat(r.err()).startsWith("lazybuild: error: " + work.resolve("pylock.toml"))
                .contains("packages[0] (x)").contains("not http(s)")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void podmanArgumentsPassThroughAndTheContextIsTheLastPositional() {
        PodmanArguments a = PodmanArguments.parse(java.util.List.of("-f", "Dockerfile", "-t", "img", "--no-cache",
                "--platform=linux/arm64", "--build-arg", "A=1", "ctx"));
        assertThat(a.context()).isEqualTo(Path.of("ctx"));
        assertThat(a.platform()).contains("linux/arm64");
        assertThat(Platforms.rpmArch(a.platform(), a.arch())).isEqualTo("aarch64");
        assertThat(PodmanArguments.parse(java.util.List.of("-t", "img")).context()).isEqualTo(Path.of("."));
    }
}
