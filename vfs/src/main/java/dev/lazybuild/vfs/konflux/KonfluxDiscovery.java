package dev.lazybuild.vfs.konflux;

import dev.lazybuild.vfs.input.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the PipelineRun that builds a Containerfile, as Konflux would for the same checkout:
 * every {@code .tekton/*.yaml} PipelineRun whose {@code dockerfile} param, resolved as the build
 * task resolves it ({@code $SOURCE/$CONTEXT/$DOCKERFILE} when that exists, else
 * {@code $SOURCE/$DOCKERFILE}, in build-definitions' task/buildah-oci-ta 0.10, whose source moved
 * to konflux-ci/container-build-catalog), is that Containerfile.
 *
 * <p>A project usually has a push and a pull-request run (and sometimes more) per Containerfile.
 * Runs with the same settings are one answer. When they differ, the push run wins, as it makes
 * the release image, with a notice naming the runs that differ; when several push runs differ
 * among themselves there is no right answer and the user chooses with {@code --tekton FILE}.
 */
public final class KonfluxDiscovery {
    public static final String TEKTON_DIR = ".tekton";
    /** notebooks has 75 files in .tekton; a thousand is not a project but an attack. */
    static final int MAX_FILES = 1000;

    private KonfluxDiscovery() { }

    /**
     * The PipelineRun chosen for a build, and the others that build the same Containerfile.
     *
     * @param sameSettings every run for this Containerfile whose settings equal the chosen one's (it included)
     * @param notice what the user should know about the choice, or null
     */
    public record Choice(PipelineRun run, List<PipelineRun> sameSettings, String notice) {
        public Choice {
            sameSettings = List.copyOf(sameSettings);
        }
    }

    /**
     * The directory whose {@code .tekton/} describes this context: the context itself or the
     * nearest ancestor with a {@code .tekton} directory, looking no further up than the
     * checkout's root (the first directory with {@code .git}).
     */
    public static Optional<Path> repositoryRoot(Path context) {
        for (Path dir = context.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(TEKTON_DIR))) {
                return Optional.of(dir);
            }
            if (Files.exists(dir.resolve(".git"))) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The run for this Containerfile among {@code root/.tekton/*.yaml}, or empty when none names it. */
    public static Optional<Choice> choose(Path root, Path containerfile) {
        List<PipelineRun> matching = new ArrayList<>();
        for (Path file : tektonFiles(root)) {
            for (PipelineRun run : TektonFile.read(file, root.relativize(file))) {
                if (builds(run, root, containerfile)) {
                    matching.add(run);
                }
            }
        }
        if (matching.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(choose(matching, root.relativize(containerfile.toAbsolutePath().normalize())));
    }

    /**
     * The run of a file the user named with {@code --tekton}: the one in it that builds this
     * Containerfile, or its only PipelineRun (with a notice when that one names another Containerfile).
     */
    public static Choice chosen(Path root, Path tektonFile, Path containerfile) {
        List<PipelineRun> runs = TektonFile.read(tektonFile, tektonFile);
        if (runs.isEmpty()) {
            throw new InputException(tektonFile + ": has no PipelineRun (--tekton)");
        }
        List<PipelineRun> matching = runs.stream().filter(r -> builds(r, root, containerfile)).toList();
        if (matching.isEmpty() && runs.size() == 1) {
            PipelineRun only = runs.get(0);
            return new Choice(only, List.of(only), tektonFile + " builds " + only.dockerfile() + ", not "
                    + containerfile + "; using its settings as --tekton asks");
        }
        if (matching.isEmpty()) {
            throw new InputException(tektonFile + ": none of its " + runs.size() + " PipelineRuns builds " + containerfile);
        }
        return choose(matching, containerfile);
    }

    private static Choice choose(List<PipelineRun> runs, Path containerfile) {
        Map<PipelineRun.Settings, List<PipelineRun>> bySettings = new LinkedHashMap<>();
        runs.forEach(r -> bySettings.computeIfAbsent(r.settings(), k -> new ArrayList<>()).add(r));
        if (bySettings.size() == 1) {
            // One answer; named after the push run when there is one, as that one makes the release image.
            PipelineRun named = runs.stream().filter(r -> r.event() == PipelineRun.Event.PUSH).findFirst().orElse(runs.get(0));
            return new Choice(named, runs, null);
        }
        List<List<PipelineRun>> withPush = bySettings.values().stream()
                .filter(g -> g.stream().anyMatch(r -> r.event() == PipelineRun.Event.PUSH)).toList();
        if (withPush.size() != 1) {
            StringBuilder m = new StringBuilder("PipelineRuns that build " + containerfile + " disagree on its inputs, "
                    + "and no single push run settles it:");
            bySettings.values().forEach(g -> m.append("\n  ").append(g.get(0).describe()));
            throw new InputException(m.append("\nchoose one with --tekton FILE").toString());
        }
        List<PipelineRun> winners = withPush.get(0);
        PipelineRun push = winners.stream().filter(r -> r.event() == PipelineRun.Event.PUSH).findFirst().orElseThrow();
        PipelineRun other = runs.stream().filter(r -> !winners.contains(r)).findFirst().orElseThrow();
        String notice = push.file() + " (push) and " + other.describe() + " build " + containerfile
                + " with different " + differences(push.settings(), other.settings()) + "; using the push run's, "
                + "the release build's (choose another with --tekton FILE)";
        return new Choice(push, winners, notice);
    }

    private static String differences(PipelineRun.Settings a, PipelineRun.Settings b) {
        List<String> differ = new ArrayList<>();
        if (!java.util.Objects.equals(a.prefetchInput(), b.prefetchInput())) {
            differ.add("prefetch-input");
        }
        if (a.hermetic() != b.hermetic()) {
            differ.add("hermetic");
        }
        if (!java.util.Objects.equals(a.buildArgsFile(), b.buildArgsFile())) {
            differ.add("build-args-file");
        }
        return String.join(", ", differ);
    }

    /** Does the run's dockerfile param, resolved as the build task resolves it, name this Containerfile? */
    static boolean builds(PipelineRun run, Path root, Path containerfile) {
        try {
            return isSameExistingFile(resolvedDockerfile(run, root), containerfile);
        } catch (java.nio.file.InvalidPathException e) {
            return false; // a param no file can have names no Containerfile
        }
    }

    private static Path resolvedDockerfile(PipelineRun run, Path root) {
        Path inContext = root.resolve(run.pathContext()).resolve(run.dockerfile());
        return Files.exists(inContext) ? inContext : root.resolve(run.dockerfile());
    }

    private static boolean isSameExistingFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    private static List<Path> tektonFiles(Path root) {
        try (Stream<Path> s = Files.list(root.resolve(TEKTON_DIR))) {
            List<Path> files = s.filter(p -> p.getFileName().toString().endsWith(".yaml")
                            || p.getFileName().toString().endsWith(".yml"))
                    .sorted().limit(MAX_FILES + 1L).toList();
            if (files.size() > MAX_FILES) {
                throw new InputException(root.resolve(TEKTON_DIR) + ": more than " + MAX_FILES + " YAML files");
            }
            return files;
        } catch (IOException e) {
            throw new InputException("cannot list " + root.resolve(TEKTON_DIR) + ": " + e.getMessage(), e);
        }
    }
}
