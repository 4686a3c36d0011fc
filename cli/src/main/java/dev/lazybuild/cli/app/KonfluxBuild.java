package dev.lazybuild.cli.app;

import java.nio.file.Path;
import java.util.List;

/**
 * What a build adds to podman's command line to see what Konflux's build task gives a build:
 * arguments before the user's ({@code --network=none}, build args, the writable output and the
 * merged yum.repos.d volumes), the context with inject-files' rewrites, and the env file its
 * RUN steps source.
 *
 * @param arguments podman options, placed before the user's so the user's win
 * @param context the build context to use instead of the user's, or null
 * @param yumReposMerged /etc/yum.repos.d is among {@code arguments} (then no other repos.d is mounted there)
 * @param envFile where the build sees cachi2.env, sourced before each shell-form RUN step, or null for no injection
 */
public record KonfluxBuild(List<String> arguments, Path context, boolean yumReposMerged, String envFile) {
    public KonfluxBuild {
        arguments = List.copyOf(arguments);
    }

    /** Nothing added: podman gets what lazybuild gave it before Konflux support. */
    public static final KonfluxBuild NONE = new KonfluxBuild(List.of(), null, false, null);
}
