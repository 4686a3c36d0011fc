package dev.lazybuild.vfs.konflux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lazybuild.testkit.PipelineRuns;
import dev.lazybuild.testkit.RealLockfiles;
import dev.lazybuild.vfs.input.InputException;
import dev.lazybuild.vfs.input.PackageInput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KonfluxDiscoveryTest {
    @TempDir
    Path checkout;

    /** A checkout laid out like notebooks: its real .tekton files and an empty file for every Containerfile they name. */
    private List<PipelineRun> notebooksRuns;

    @BeforeEach
    void notebooksCheckout() throws IOException {
        Path tekton = Files.createDirectories(checkout.resolve(".tekton"));
        Files.createDirectory(checkout.resolve(".git"));
        notebooksRuns = new ArrayList<>();
        try (Stream<Path> s = Files.list(RealLockfiles.notebooks("tekton"))) {
            for (Path f : s.sorted().toList()) {
                Files.copy(f, tekton.resolve(f.getFileName()));
                notebooksRuns.addAll(TektonFile.read(f, Path.of(".tekton").resolve(f.getFileName())));
            }
        }
        for (PipelineRun run : notebooksRuns) {
            Path dockerfile = checkout.resolve(run.dockerfile());
            Files.createDirectories(dockerfile.getParent());
            if (!Files.exists(dockerfile)) {
                Files.createFile(dockerfile);
            }
        }
    }

    @Test
    void everyRealNotebooksPipelineRunParsesWithItsHermetoInput() {
        assertThat(notebooksRuns).hasSize(72);
        Set<String> types = new TreeSet<>();
        notebooksRuns.stream().filter(r -> r.settings().prefetchInput() != null)
                .forEach(r -> types.addAll(r.settings().prefetchInput().types()));
        assertThat(types).containsExactly("generic", "gomod", "npm", "pip", "rpm");
        assertThat(notebooksRuns).filteredOn(r -> r.event() == PipelineRun.Event.PUSH).hasSize(46);
        assertThat(notebooksRuns).filteredOn(r -> r.event() == PipelineRun.Event.PULL_REQUEST).hasSize(25);
        PipelineRun minimal = run(".tekton/odh-workbench-jupyter-minimal-cpu-py312-ubi9-push.yaml");
        assertThat(minimal.settings().hermetic()).isTrue();
        assertThat(minimal.settings().buildArgsFile()).isEqualTo("jupyter/minimal/ubi9-python-3.12/build-args/cpu.conf");
        assertThat(minimal.settings().prefetchInput().packages()).containsExactly(
                new PackageInput.Rpm("prefetch-input/odh", false, java.util.Map.of(), null, null),
                new PackageInput.Generic("prefetch-input/odh", null),
                new PackageInput.Pip("jupyter/minimal/ubi9-python-3.12", List.of("requirements.cpu.txt"), null,
                        new PackageInput.PipBinary(":all:", "x86_64,aarch64", "linux", null, "cp", ":all:", null)));
        assertThat(run(".tekton/odh-pipeline-runtime-baseline-cpu-py312-ubi9-push.yaml").settings().hermetic()).isFalse();
    }

    @Test
    void everyNotebooksContainerfileHasOneAnswerAndOnlyJupyterMinimalCpuNeedsANotice() {
        Set<String> dockerfiles = new TreeSet<>();
        notebooksRuns.forEach(r -> dockerfiles.add(r.dockerfile()));
        List<String> noticed = new ArrayList<>();
        for (String dockerfile : dockerfiles) {
            Optional<KonfluxDiscovery.Choice> choice = KonfluxDiscovery.choose(checkout, checkout.resolve(dockerfile));
            assertThat(choice).as(dockerfile).isPresent();
            if (choice.get().notice() != null) {
                noticed.add(dockerfile);
            }
        }
        assertThat(noticed).containsExactly("jupyter/minimal/ubi9-python-3.12/Dockerfile.konflux.cpu");
    }

    @Test
    void pushAndPullRequestThatDifferOnlyInArchSpacesAreOneAnswer() {
        KonfluxDiscovery.Choice choice = KonfluxDiscovery.choose(checkout,
                checkout.resolve("runtimes/minimal/ubi9-python-3.12/Dockerfile.konflux.cpu")).orElseThrow();
        assertThat(choice.notice()).isNull();
        assertThat(choice.sameSettings()).extracting(r -> r.file().toString()).containsExactly(
                ".tekton/odh-pipeline-runtime-minimal-cpu-py312-ubi9-ci-push.yaml",
                ".tekton/odh-pipeline-runtime-minimal-cpu-py312-ubi9-pull-request.yaml",
                ".tekton/odh-pipeline-runtime-minimal-cpu-py312-ubi9-push.yaml");
    }

    @Test
    void whenPushAndPullRequestReallyDifferThePushRunWinsWithANoticeNamingBoth() {
        KonfluxDiscovery.Choice choice = KonfluxDiscovery.choose(checkout,
                checkout.resolve("jupyter/minimal/ubi9-python-3.12/Dockerfile.konflux.cpu")).orElseThrow();
        assertThat(choice.run().event()).isEqualTo(PipelineRun.Event.PUSH);
        PackageInput.Pip pip = (PackageInput.Pip) choice.run().settings().prefetchInput().packages().get(2);
        assertThat(pip.binary().arch()).isEqualTo("x86_64,aarch64");
        assertThat(choice.notice())
                .contains(".tekton/odh-workbench-jupyter-minimal-cpu-py312-ubi9-ci-push.yaml (push)")
                .contains(".tekton/odh-workbench-jupyter-minimal-cpu-py312-ubi9-pull-request.yaml")
                .contains("different prefetch-input").contains("--tekton FILE");
    }

    @Test
    void tektonFlagChoosesThePullRequestRun() {
        Path pr = checkout.resolve(".tekton/odh-workbench-jupyter-minimal-cpu-py312-ubi9-pull-request.yaml");
        KonfluxDiscovery.Choice choice = KonfluxDiscovery.chosen(checkout, pr,
                checkout.resolve("jupyter/minimal/ubi9-python-3.12/Dockerfile.konflux.cpu"));
        assertThat(choice.run().event()).isEqualTo(PipelineRun.Event.PULL_REQUEST);
        assertThat(choice.notice()).isNull();
        PackageInput.Pip pip = (PackageInput.Pip) choice.run().settings().prefetchInput().packages().get(2);
        assertThat(pip.binary().arch()).isEqualTo("x86_64,aarch64,ppc64le,s390x");
    }

    @Test
    void aContainerfileNoRunNamesHasNoChoice() throws IOException {
        Path other = Files.writeString(checkout.resolve("Containerfile"), "FROM scratch\n");
        assertThat(KonfluxDiscovery.choose(checkout, other)).isEmpty();
    }

    @Test
    void theDockerfileParamIsResolvedAgainstPathContextFirstThenTheRoot() throws IOException {
        Path root = Files.createDirectories(checkout.resolve("p"));
        Files.createDirectories(root.resolve(".tekton"));
        Files.createDirectories(root.resolve("ctx"));
        Path inContext = Files.writeString(root.resolve("ctx/Dockerfile"), "FROM a\n");
        Path atRoot = Files.writeString(root.resolve("Dockerfile.root"), "FROM b\n");
        Files.writeString(root.resolve(".tekton/a.yaml"), run("a", "push", "Dockerfile", "ctx", "npm"));
        Files.writeString(root.resolve(".tekton/b.yaml"), run("b", "push", "Dockerfile.root", "ctx", "rpm"));
        assertThat(KonfluxDiscovery.choose(root, inContext).orElseThrow().run().name()).isEqualTo("a");
        assertThat(KonfluxDiscovery.choose(root, atRoot).orElseThrow().run().name()).isEqualTo("b");
        assertThat(KonfluxDiscovery.repositoryRoot(root.resolve("ctx"))).contains(root);
    }

    @Test
    void repositoryRootLooksNoHigherThanTheCheckout() throws IOException {
        Path nested = Files.createDirectories(checkout.resolve("sub/inner"));
        assertThat(KonfluxDiscovery.repositoryRoot(nested)).contains(checkout.toAbsolutePath());
        Path elsewhere = Files.createDirectories(checkout.resolve("vendored"));
        Files.createDirectory(elsewhere.resolve(".git"));
        assertThat(KonfluxDiscovery.repositoryRoot(elsewhere)).isEmpty();
    }

    @Test
    void twoPushRunsThatDisagreeAreAnErrorAskingForTekton() throws IOException {
        Path root = Files.createDirectories(checkout.resolve("q"));
        Files.createDirectories(root.resolve(".tekton"));
        Path dockerfile = Files.writeString(root.resolve("Dockerfile"), "FROM a\n");
        Files.writeString(root.resolve(".tekton/a.yaml"), run("a", "push", "Dockerfile", ".", "npm"));
        Files.writeString(root.resolve(".tekton/b.yaml"), run("b", "push", "Dockerfile", ".", "rpm"));
        assertThatThrownBy(() -> KonfluxDiscovery.choose(root, dockerfile))
                .isInstanceOf(InputException.class)
                .hasMessageContaining(".tekton/a.yaml (a, push)").hasMessageContaining(".tekton/b.yaml (b, push)")
                .hasMessageContaining("--tekton FILE");
    }

    @Test
    void hostileTektonFilesAreOneClearErrorNamingTheFile() throws IOException {
        Path f = checkout.resolve("hostile.yaml");
        String ok = run("a", "push", "Dockerfile", ".", "npm");
        assertThat(TektonFile.read(Files.writeString(f, ok), f)).hasSize(1);

        Files.writeString(f, ok.replace("  params:", "  params: []\n  params:"));
        assertThatThrownBy(() -> TektonFile.read(f, Path.of("x.yaml"))).isInstanceOf(InputException.class)
                .hasMessageStartingWith("x.yaml: not valid YAML").hasMessageContaining("duplicate key params");

        Files.writeString(f, ok + "  - name: prefetch-input\n    value: npm\n");
        assertThatThrownBy(() -> TektonFile.read(f, Path.of("x.yaml"))).hasMessage("x.yaml: PipelineRun a: param prefetch-input is given twice");

        Files.writeString(f, ok.replace("value: npm", "value: '[{\"type\": \"npm\", \"path\": \"../up\"}]'"));
        assertThatThrownBy(() -> TektonFile.read(f, Path.of("x.yaml")))
                .hasMessage("x.yaml: PipelineRun a: param prefetch-input: packages[0] (npm).path: path contains ..: ../up");

        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (int i = 0; i < 30; i++) {
            bomb.append("b").append(i).append(": &b").append(i).append(" [*").append(i == 0 ? "a" : "b" + (i - 1))
                    .append(", *").append(i == 0 ? "a" : "b" + (i - 1)).append("]\n");
        }
        Files.writeString(f, bomb);
        assertThatThrownBy(() -> TektonFile.read(f, Path.of("x.yaml"))).isInstanceOf(InputException.class)
                .hasMessageContaining("x.yaml: not valid YAML");

        Files.write(f, new byte[(int) TektonFile.MAX_BYTES + 1]);
        assertThatThrownBy(() -> TektonFile.read(f, Path.of("x.yaml"))).hasMessageContaining("x.yaml: larger than");

        Files.write(f, "kind: PipelineRun\nx: \u00ff".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> TektonFile.read(f, Path.of("x.yaml"))).hasMessage("x.yaml: not UTF-8 text");

        Files.writeString(f, "[".repeat(10_000));
        assertThatThrownBy(() -> TektonFile.read(f, Path.of("x.yaml"))).isInstanceOf(InputException.class);
    }

    @Test
    void aJsonStringPrefetchInputIsReadAsHermetoReadsIt() throws IOException {
        Path f = Files.writeString(checkout.resolve("j.yaml"), run("j", "pull_request", "Dockerfile", ".",
                "'{\"packages\": [{\"type\": \"gomod\", \"path\": \"m\"}], \"flags\": [\"gomod-vendor\"]}'"));
        PipelineRun r = TektonFile.read(f, f).get(0);
        assertThat(r.event()).isEqualTo(PipelineRun.Event.PULL_REQUEST);
        assertThat(r.settings().prefetchInput().packages()).containsExactly(new PackageInput.Gomod("m"));
        assertThat(r.settings().prefetchInput().flags()).containsExactly("gomod-vendor");
    }

    private PipelineRun run(String file) {
        return notebooksRuns.stream().filter(r -> r.file().toString().equals(file)).findFirst().orElseThrow();
    }

    private static String run(String name, String event, String dockerfile, String context, String prefetchInput) {
        return PipelineRuns.yaml(name, event, dockerfile, context, prefetchInput, "");
    }
}
