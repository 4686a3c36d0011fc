package dev.lazybuild.cli.konflux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lazybuild.fetch.LazybuildException;
import dev.lazybuild.vfs.input.SourceRoot;
import dev.lazybuild.vfs.konflux.BuildArgsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildNetworkTest {
    private static final Optional<Path> RUN = Optional.of(Path.of(".tekton/app-push.yaml"));

    @Test
    void aHermeticPipelineRunBuildsWithoutTheNetwork() {
        BuildNetwork n = BuildNetwork.decide(Optional.empty(), Optional.empty(), RUN, true);
        assertThat(n.podmanArguments()).containsExactly("--network=none");
        assertThat(n.summary()).isEqualTo("network: none (hermetic: 'true' in .tekton/app-push.yaml)");
    }

    @Test
    void aPipelineRunWithoutHermeticKeepsTheNetworkAsKonfluxDoes() {
        BuildNetwork n = BuildNetwork.decide(Optional.empty(), Optional.empty(), RUN, false);
        assertThat(n.podmanArguments()).isEmpty();
        assertThat(n.summary()).startsWith("network: on, as .tekton/app-push.yaml builds without hermetic: 'true'");
    }

    @Test
    void withoutAPipelineRunLazybuildIsHermeticByDefault() {
        BuildNetwork n = BuildNetwork.decide(Optional.empty(), Optional.of("oci"), Optional.empty(), false);
        assertThat(n.podmanArguments()).containsExactly("--network=none");
        assertThat(n.summary()).contains("lazybuild's default");
    }

    @Test
    void theUsersNetworkAlwaysWins() {
        assertThat(BuildNetwork.decide(Optional.of("host"), Optional.empty(), RUN, true).podmanArguments()).isEmpty();
        assertThat(BuildNetwork.decide(Optional.of("host"), Optional.of("chroot"), Optional.empty(), false).summary())
                .isEqualTo("network: --network=host, as given");
    }

    @Test
    void chrootIsolationCannotBeHermeticAndSaysSo() {
        assertThatThrownBy(() -> BuildNetwork.decide(Optional.empty(), Optional.of("chroot"), RUN, true))
                .isInstanceOf(LazybuildException.class)
                .hasMessageStartingWith("--isolation chroot cannot build with --network=none, and the build is hermetic "
                        + "(hermetic: 'true' in .tekton/app-push.yaml)")
                .hasMessageContaining("--network=host");
        assertThatThrownBy(() -> BuildNetwork.decide(Optional.of("none"), Optional.of("chroot"), Optional.empty(), false))
                .hasMessageContaining("you asked for --network=none");
        assertThat(BuildNetwork.decide(Optional.empty(), Optional.of("chroot"), RUN, false).podmanArguments()).isEmpty();
    }

    @Test
    void buildArgsFileBecomesBuildArgsOrTheFileWherePodmanReadsIt(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("app/build-args"));
        Files.writeString(root.resolve("app/build-args/cpu.conf"), "# comment\nBASE_IMAGE=quay.io/x:1\n\n PAD=kept as is \r\n");
        BuildArgsFile file = BuildArgsFile.read(SourceRoot.of(root), "app/build-args/cpu.conf", "run");
        assertThat(BuildArgs.podmanArguments(file, false))
                .containsExactly("--build-arg", "BASE_IMAGE=quay.io/x:1", "--build-arg", " PAD=kept as is \r");
        assertThat(BuildArgs.podmanArguments(file, true))
                .containsExactly("--build-arg-file", root.toRealPath().resolve("app/build-args/cpu.conf").toString());

        Files.writeString(root.resolve("leak.conf"), "A=1\nAWS_SECRET_ACCESS_KEY\n");
        BuildArgsFile leaky = BuildArgsFile.read(SourceRoot.of(root), "leak.conf", "run");
        assertThat(leaky.bareNames()).containsExactly("AWS_SECRET_ACCESS_KEY");
        assertThat(BuildArgs.podmanArguments(leaky, true)).isEqualTo(List.of("--build-arg", "A=1"));
    }

    @Test
    void aBuildArgsFileOutsideTheCheckoutIsRefused(@TempDir Path root, @TempDir Path outside) throws IOException {
        Files.writeString(outside.resolve("x.conf"), "A=1\n");
        Files.createSymbolicLink(root.resolve("x.conf"), outside.resolve("x.conf"));
        assertThatThrownBy(() -> BuildArgsFile.read(SourceRoot.of(root), "x.conf", ".tekton/a.yaml: param build-args-file"))
                .hasMessageStartingWith(".tekton/a.yaml: param build-args-file: x.conf leads outside the source directory");
        assertThatThrownBy(() -> BuildArgsFile.read(SourceRoot.of(root), "../x.conf", "p"))
                .hasMessageContaining("is outside the source directory");
        assertThatThrownBy(() -> BuildArgsFile.read(SourceRoot.of(root), "none.conf", "p"))
                .hasMessage("p: build-args-file none.conf does not exist");
    }
}
