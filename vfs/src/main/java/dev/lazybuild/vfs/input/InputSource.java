package dev.lazybuild.vfs.input;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a build's inputs came from, first match wins: {@code --prefetch-input}, then
 * {@code prefetch-input} in lazybuild.toml, then the PipelineRun under {@code .tekton/} that
 * builds the Containerfile, then the lockfiles at the context's root. {@code plan} and the build
 * summary print {@link #describe()}, so a user always sees which one applied.
 *
 * @param kind which of the four
 * @param file the config file or PipelineRun file, else null
 * @param alsoFrom other PipelineRun files with the same settings (empty unless {@code kind} is TEKTON)
 * @param notice what the user should know about the choice (runs that differ), or null
 */
public record InputSource(Kind kind, Path file, List<Path> alsoFrom, String notice) {
    public enum Kind { FLAG, CONFIG, TEKTON, CONTEXT_ROOT }

    public InputSource {
        alsoFrom = List.copyOf(alsoFrom);
    }

    public static InputSource flag() {
        return new InputSource(Kind.FLAG, null, List.of(), null);
    }

    public static InputSource config(Path file) {
        return new InputSource(Kind.CONFIG, file, List.of(), null);
    }

    public static InputSource contextRoot() {
        return new InputSource(Kind.CONTEXT_ROOT, null, List.of(), null);
    }

    /**
     * Tells the user where the inputs came from, and what to know about the choice; nothing for
     * lockfiles at the context's root, lazybuild's behaviour before Konflux inputs.
     */
    public void announce(java.util.function.Consumer<String> notice) {
        if (kind != Kind.CONTEXT_ROOT) {
            notice.accept(describe());
        }
        if (this.notice != null) {
            notice.accept(this.notice);
        }
    }

    /** One line for the user: {@code inputs from .tekton/a-push.yaml (same as .tekton/a-pull-request.yaml)}. */
    public String describe() {
        return switch (kind) {
            case FLAG -> "inputs from --prefetch-input";
            case CONFIG -> "inputs from prefetch-input in " + file;
            case TEKTON -> "inputs from the PipelineRun in " + file + (alsoFrom.isEmpty() ? ""
                    : " (same as " + String.join(", ", alsoFrom.stream().map(Path::toString).toList()) + ")");
            case CONTEXT_ROOT -> "inputs from the lockfiles at the root of the build context";
        };
    }
}
