package dev.lazybuild.vfs.konflux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lazybuild.vfs.input.InputException;
import dev.lazybuild.vfs.input.InputSource;
import dev.lazybuild.vfs.input.PackageInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildInputsTest {
    @TempDir
    Path repo;
    Path dockerfile;

    @BeforeEach
    void konfluxProject() throws IOException {
        Files.createDirectories(repo.resolve(".git"));
        Files.createDirectories(repo.resolve(".tekton"));
        Files.createDirectories(repo.resolve("components/app"));
        dockerfile = Files.writeString(repo.resolve("components/app/Dockerfile.konflux"), "FROM scratch\n");
        Files.writeString(repo.resolve(".tekton/app-push.yaml"), """
                kind: PipelineRun
                metadata:
                  name: app-on-push
                  annotations:
                    pipelinesascode.tekton.dev/on-cel-expression: event == "push"
                spec:
                  params:
                  - {name: dockerfile, value: components/app/Dockerfile.konflux}
                  - {name: hermetic, value: 'true'}
                  - {name: build-args-file, value: components/app/args.conf}
                  - name: prefetch-input
                    value: '[{"type": "rpm", "path": "prefetch-input/app"}]'
                """);
    }

    @Test
    void thePipelineRunThatBuildsTheContainerfileGivesInputsNetworkAndBuildArgs() {
        BuildInputs found = BuildInputs.find(BuildInputs.Request.none(), repo, Optional.of(dockerfile));
        assertThat(found.source().kind()).isEqualTo(InputSource.Kind.TEKTON);
        assertThat(found.source().describe()).isEqualTo("inputs from the PipelineRun in .tekton/app-push.yaml");
        assertThat(found.root()).isEqualTo(repo.toAbsolutePath());
        assertThat(found.input().packages()).containsExactly(new PackageInput.Rpm("prefetch-input/app", false, Map.of(), null, null));
        assertThat(found.run().hermetic()).isTrue();
        assertThat(found.run().buildArgsFile()).isEqualTo("components/app/args.conf");
    }

    @Test
    void theFlagWinsOverTheConfigWhichWinsOverTekton(@TempDir Path elsewhere) throws IOException {
        BuildInputs flag = BuildInputs.find(new BuildInputs.Request(Optional.of("npm"), Optional.of("pip"), repo.resolve("lazybuild.toml"),
                Optional.empty()), repo, Optional.of(dockerfile));
        assertThat(flag.source().kind()).isEqualTo(InputSource.Kind.FLAG);
        assertThat(flag.input().types()).containsExactly("npm");
        assertThat(flag.run()).isNull();

        BuildInputs config = BuildInputs.find(new BuildInputs.Request(Optional.empty(),
                Optional.of(List.of(Map.of("type", "generic", "path", "keys"))), repo.resolve("lazybuild.toml"), Optional.empty()),
                repo, Optional.of(dockerfile));
        assertThat(config.source().describe()).isEqualTo("inputs from prefetch-input in " + repo.resolve("lazybuild.toml"));
        assertThat(config.input().types()).containsExactly("generic");

        Path file = Files.writeString(elsewhere.resolve("input.json"), "{\"type\": \"pip\", \"path\": \"py\"}");
        assertThat(BuildInputs.find(new BuildInputs.Request(Optional.of("@" + file), Optional.empty(), null, Optional.empty()),
                repo, Optional.of(dockerfile)).input().types()).containsExactly("pip");
        assertThatThrownBy(() -> BuildInputs.find(new BuildInputs.Request(Optional.of("@" + elsewhere.resolve("none")),
                Optional.empty(), null, Optional.empty()), repo, Optional.of(dockerfile)))
                .isInstanceOf(InputException.class).hasMessageStartingWith("--prefetch-input @" + elsewhere.resolve("none") + ": cannot read");
    }

    @Test
    void withoutAMatchingRunTheLockfilesAtTheContextRootAreUsed() throws IOException {
        Path other = Files.writeString(repo.resolve("Containerfile"), "FROM scratch\n");
        BuildInputs found = BuildInputs.find(BuildInputs.Request.none(), repo, Optional.of(other));
        assertThat(found.source().kind()).isEqualTo(InputSource.Kind.CONTEXT_ROOT);
        assertThat(found.input()).isNull();
        assertThat(found.run()).isNull();
        assertThat(BuildInputs.find(BuildInputs.Request.none(), repo, Optional.empty()).source().kind())
                .isEqualTo(InputSource.Kind.CONTEXT_ROOT);
    }

    @Test
    void tektonFlagNamesTheRunEvenForAContextBelowTheRepository() throws IOException {
        Path pr = Files.writeString(repo.resolve("pr.yaml"), Files.readString(repo.resolve(".tekton/app-push.yaml"))
                .replace("'true'", "'false'").replace("push", "pull_request"));
        BuildInputs found = BuildInputs.find(new BuildInputs.Request(Optional.empty(), Optional.empty(), null, Optional.of(pr)),
                repo.resolve("components/app"), Optional.of(dockerfile));
        assertThat(found.source().file()).isEqualTo(pr);
        assertThat(found.root()).isEqualTo(repo.toAbsolutePath());
        assertThat(found.run().hermetic()).isFalse();
        assertThatThrownBy(() -> BuildInputs.find(new BuildInputs.Request(Optional.empty(), Optional.empty(), null, Optional.of(pr)),
                repo, Optional.empty())).hasMessageContaining("needs the Containerfile as a local file");
    }
}
