package dev.lazybuild.vfs.konflux;

import dev.lazybuild.vfs.input.InputException;
import dev.lazybuild.vfs.input.SourceRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A PipelineRun's {@code build-args-file}, relative to the repository root (the build task runs
 * {@code realpath "$SOURCE_CODE_DIR/$BUILD_ARGS_FILE"}), read as buildah's readBuildArgFile reads
 * {@code --build-arg-file}: split at newlines, lines that are empty or start with {@code #}
 * skipped, the rest {@code NAME=VALUE} taken as they are (no trimming).
 *
 * <p>One difference on purpose: buildah takes a line without {@code =} from its own environment.
 * The file comes from the checkout, and lazybuild's environment is the user's, so such lines
 * are never passed on; {@link #bareNames()} lists them for a warning.
 *
 * @param file the file, inside the repository
 * @param args the {@code NAME=VALUE} lines, in order
 * @param bareNames lines without {@code =}
 */
public record BuildArgsFile(Path file, List<String> args, List<String> bareNames) {
    /** A build args file is a handful of lines; notebooks' are under 200 bytes. */
    static final long MAX_BYTES = 64 * 1024;

    public BuildArgsFile {
        args = List.copyOf(args);
        bareNames = List.copyOf(bareNames);
    }

    /**
     * @param at names the PipelineRun param in messages
     */
    public static BuildArgsFile read(SourceRoot root, String relative, String at) {
        Path file = root.resolve(relative, at);
        String text;
        try {
            if (!Files.isRegularFile(file)) {
                throw new InputException(at + ": build-args-file " + relative + " does not exist");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new InputException(at + ": build-args-file " + relative + " is larger than " + MAX_BYTES + " bytes");
            }
            text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputException(at + ": cannot read build-args-file " + relative + ": " + e.getMessage(), e);
        }
        List<String> args = new ArrayList<>();
        List<String> bare = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            (line.indexOf('=') > 0 ? args : bare).add(line);
        }
        return new BuildArgsFile(file, args, bare);
    }
}
