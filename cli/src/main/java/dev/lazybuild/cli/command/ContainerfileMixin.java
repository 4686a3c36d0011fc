package dev.lazybuild.cli.command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code -f}/{@code --file} for plan and prefetch: the Containerfile whose .tekton PipelineRun
 * gives the inputs, as {@code build -f} (podman's option there) does.
 */
final class ContainerfileMixin {
    @Option(names = {"-f", "--file"}, paramLabel = "CONTAINERFILE",
            description = "The Containerfile a build would use (default: Containerfile, else Dockerfile, in the context): "
                    + "its .tekton/ PipelineRun gives the inputs.")
    Path file;

    /** The named file, else Containerfile or Dockerfile in the context, as podman picks it; empty when none exists. */
    Optional<Path> resolve(Path context) {
        if (file != null) {
            return Optional.of(file).filter(Files::isRegularFile);
        }
        for (String name : new String[] {"Containerfile", "Dockerfile"}) {
            if (Files.isRegularFile(context.resolve(name))) {
                return Optional.of(context.resolve(name));
            }
        }
        return Optional.empty();
    }
}
