package dev.lazybuild.vfs.konflux;

import dev.lazybuild.vfs.input.InputException;
import dev.lazybuild.vfs.input.InputSource;
import dev.lazybuild.vfs.input.PrefetchInput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The inputs of one build, found as Konflux finds them; the first of these that gives any wins:
 * <ol>
 * <li>{@code --prefetch-input JSON|@FILE}, Hermeto's syntax, paths relative to the build context;</li>
 * <li>{@code prefetch-input} in the configuration (lazybuild.toml), likewise;</li>
 * <li>the PipelineRun of {@code --tekton FILE}, or the one under {@code .tekton/} whose
 *     {@code dockerfile} param names the Containerfile ({@link KonfluxDiscovery}), paths relative
 *     to the repository root; its {@code hermetic} and {@code build-args-file} come with it;</li>
 * <li>else the lockfiles at the root of the build context, as before Konflux support.</li>
 * </ol>
 *
 * @param source where the inputs came from, for plan and the build summary
 * @param root the directory the input's paths are relative to
 * @param input the Hermeto input, or null for {@link InputSource.Kind#CONTEXT_ROOT} (and for a
 *        PipelineRun that prefetches nothing)
 * @param run the PipelineRun's settings, or null when the inputs did not come from one
 */
public record BuildInputs(InputSource source, Path root, PrefetchInput input, PipelineRun.Settings run) {
    /** Where {@code where} strings in messages say the flag's input came from. */
    public static final String FLAG = "--prefetch-input";
    /** A Hermeto input file is a few kilobytes. */
    private static final long MAX_FILE_BYTES = 1 << 20;

    /**
     * What the user and the configuration asked for.
     *
     * @param prefetchInput the {@code --prefetch-input} value ({@code @FILE} reads a file), if given
     * @param configInput the {@code prefetch-input} value of the configuration (a string, or
     *        tables/arrays as plain maps and lists), if set
     * @param configFile the file that set it
     * @param tekton the {@code --tekton} file, if given
     */
    public record Request(Optional<String> prefetchInput, Optional<Object> configInput, Path configFile,
            Optional<Path> tekton) {
        public static Request none() {
            return new Request(Optional.empty(), Optional.empty(), null, Optional.empty());
        }
    }

    /**
     * @param context the build context
     * @param containerfile the Containerfile podman will build, if it is a local file
     */
    public static BuildInputs find(Request request, Path context, Optional<Path> containerfile) {
        if (request.prefetchInput().isPresent()) {
            return new BuildInputs(InputSource.flag(), context, PrefetchInput.parse(flagText(request.prefetchInput().get()),
                    FLAG), null);
        }
        if (request.configInput().isPresent()) {
            return new BuildInputs(InputSource.config(request.configFile()), context,
                    PrefetchInput.of(request.configInput().get(), request.configFile() + ": prefetch-input"), null);
        }
        Optional<Path> root = KonfluxDiscovery.repositoryRoot(context);
        if (request.tekton().isPresent()) {
            Path file = request.tekton().get();
            if (containerfile.isEmpty()) {
                throw new InputException("--tekton " + file + ": lazybuild needs the Containerfile as a local file (-f) "
                        + "to match it with the PipelineRun");
            }
            return fromRun(KonfluxDiscovery.chosen(root.orElse(context), file, containerfile.get()), root.orElse(context));
        }
        if (root.isPresent() && containerfile.isPresent()) {
            Optional<KonfluxDiscovery.Choice> choice = KonfluxDiscovery.choose(root.get(), containerfile.get());
            if (choice.isPresent()) {
                return fromRun(choice.get(), root.get());
            }
        }
        return new BuildInputs(InputSource.contextRoot(), context, null, null);
    }

    private static BuildInputs fromRun(KonfluxDiscovery.Choice choice, Path root) {
        PipelineRun run = choice.run();
        InputSource source = new InputSource(InputSource.Kind.TEKTON, run.file(),
                choice.sameSettings().stream().map(PipelineRun::file).filter(f -> !f.equals(run.file())).toList(),
                choice.notice());
        return new BuildInputs(source, root, run.settings().prefetchInput(), run.settings());
    }

    /** {@code @FILE} is the user's own file (trusted, unlike a string from a PipelineRun); anything else is the input. */
    private static String flagText(String value) {
        if (!value.startsWith("@")) {
            return value;
        }
        Path file = Path.of(value.substring(1));
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new InputException(FLAG + " " + value + ": larger than " + MAX_FILE_BYTES + " bytes");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputException(FLAG + " " + value + ": cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
