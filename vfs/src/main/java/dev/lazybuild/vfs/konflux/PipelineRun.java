package dev.lazybuild.vfs.konflux;

import dev.lazybuild.vfs.input.PrefetchInput;
import java.nio.file.Path;

/**
 * What lazybuild reads from one Konflux PipelineRun under {@code .tekton/}: the params of
 * Konflux's build pipelines that decide what a build of one Containerfile sees.
 *
 * @param file the file it was read from, as the user should see it (e.g. {@code .tekton/app-push.yaml})
 * @param name {@code metadata.name}, or null
 * @param dockerfile the {@code dockerfile} param ({@code Dockerfile}, the pipelines' default, when absent)
 * @param pathContext the {@code path-context} param ({@code .} when absent)
 * @param settings what the build gets from the run
 */
public record PipelineRun(Path file, String name, Event event, String dockerfile, String pathContext,
        Settings settings) {
    /** The pipelines' defaults for params a run leaves out. */
    static final String DEFAULT_DOCKERFILE = "Dockerfile";
    static final String DEFAULT_PATH_CONTEXT = ".";

    /** Which event runs it, from pipelines-as-code's on-event or on-cel-expression annotation. */
    public enum Event {
        PUSH("push"), PULL_REQUEST("pull-request"), OTHER("other event");

        private final String label;

        Event(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /**
     * The params that change what a build sees. Runs with equal settings (inputs compared after
     * Hermeto's normalisation) give the same build.
     *
     * @param prefetchInput the {@code prefetch-input} param, or null when the run prefetches nothing
     * @param hermetic the {@code hermetic} param is {@code 'true'} (Konflux's pipelines default it to false)
     * @param buildArgsFile the {@code build-args-file} param, relative to the repository root, or null
     */
    public record Settings(PrefetchInput prefetchInput, boolean hermetic, String buildArgsFile) { }

    /** {@code file (name, push)} for messages. */
    public String describe() {
        return file + " (" + (name == null ? "" : name + ", ") + event + ")";
    }
}
