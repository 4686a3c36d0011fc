package dev.lazybuild.cli.konflux;

import dev.lazybuild.vfs.konflux.BuildArgsFile;
import java.util.ArrayList;
import java.util.List;

/**
 * The podman arguments for a PipelineRun's build-args-file. podman ≥ 4.6 (buildah 1.31) reads
 * the file itself with {@code --build-arg-file}; older ones (Debian 12's 4.3) get one
 * {@code --build-arg NAME=VALUE} per line. Either way they go before the user's own
 * {@code --build-arg}s, which therefore win, as on Konflux where the task's BUILD_ARGS win over
 * the file. A file with lines lazybuild does not pass on (see {@link BuildArgsFile}) is always
 * given line by line, since podman would fill those from lazybuild's environment.
 */
public final class BuildArgs {
    private BuildArgs() { }

    /**
     * @param podmanReadsBuildArgFile this podman has {@code --build-arg-file}
     */
    public static List<String> podmanArguments(BuildArgsFile file, boolean podmanReadsBuildArgFile) {
        if (podmanReadsBuildArgFile && file.bareNames().isEmpty()) {
            return List.of("--build-arg-file", file.file().toString());
        }
        List<String> out = new ArrayList<>();
        for (String arg : file.args()) {
            out.add("--build-arg");
            out.add(arg);
        }
        return out;
    }
}
