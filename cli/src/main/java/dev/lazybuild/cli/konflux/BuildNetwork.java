package dev.lazybuild.cli.konflux;

import dev.lazybuild.fetch.LazybuildException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Whether a build gets the network, as Konflux decides it: a PipelineRun with
 * {@code hermetic: 'true'} builds with {@code --network=none}; one with another value or
 * without the param has the network (the build pipelines default it to false). Without a
 * PipelineRun (inputs from {@code --prefetch-input}, lazybuild.toml or lockfiles) lazybuild is
 * hermetic by default: a build that claims its inputs are locked should not quietly reach them
 * over the network. The user's own {@code --network}/{@code --net} always wins.
 *
 * @param podmanArguments what to add to podman's arguments (nothing, or {@code --network=none})
 * @param summary one line for the build summary: which setting applied and why
 */
public record BuildNetwork(List<String> podmanArguments, String summary) {
    private static final String NONE = "--network=none";

    public BuildNetwork {
        podmanArguments = List.copyOf(podmanArguments);
    }

    /**
     * @param userNetwork the value of the user's {@code --network}/{@code --net}, if given
     * @param isolation the value of {@code --isolation}, if given
     * @param pipelineRun the PipelineRun the inputs came from, if any
     * @param hermetic that run's {@code hermetic} param is {@code 'true'} (ignored without a run)
     */
    public static BuildNetwork decide(Optional<String> userNetwork, Optional<String> isolation,
            Optional<Path> pipelineRun, boolean hermetic) {
        boolean chroot = isolation.map(i -> i.equals("chroot")).orElse(false);
        if (userNetwork.isPresent()) {
            if (chroot && userNetwork.get().equals("none")) {
                throw chrootCannot("you asked for --network=none");
            }
            return new BuildNetwork(List.of(), "network: --network=" + userNetwork.get() + ", as given");
        }
        if (pipelineRun.isPresent() && !hermetic) {
            return new BuildNetwork(List.of(), "network: on, as " + pipelineRun.get()
                    + " builds without hermetic: 'true' (add --network=none to build without it)");
        }
        String why = pipelineRun.map(run -> "hermetic: 'true' in " + run)
                .orElse("lazybuild's default for locked inputs; add --network=host to allow it");
        if (chroot) {
            throw chrootCannot("the build is hermetic (" + why + ")");
        }
        return new BuildNetwork(List.of(NONE), "network: none (" + why + ")");
    }

    private static LazybuildException chrootCannot(String why) {
        return new LazybuildException(LazybuildException.Kind.CONFIG, "--isolation chroot cannot build with "
                + "--network=none, and " + why + "; use the default isolation (oci) for a hermetic build, or pass "
                + "--network=host to build with the network");
    }
}
