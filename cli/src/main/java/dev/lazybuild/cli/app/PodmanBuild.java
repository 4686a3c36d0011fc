package dev.lazybuild.cli.app;

import dev.lazybuild.cli.konflux.RunEnvInjection;
import dev.lazybuild.cli.podman.KeyedContainerfile;
import dev.lazybuild.cli.podman.LayerCacheKey;
import dev.lazybuild.cli.podman.PodmanArguments;
import dev.lazybuild.cli.podman.PodmanProcess;
import dev.lazybuild.cli.terminal.Console;
import dev.lazybuild.fetch.LazybuildException;
import dev.lazybuild.rpm.RpmRepositories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code podman build} command line of a build: the user's arguments with the mount added. */
public final class PodmanBuild {
    private PodmanBuild() { }

    /**
     * podman build with the mount, and, when lazybuild can find the Containerfile, a copy of
     * it keyed to the tree (see {@link KeyedContainerfile}) so that --layers never reuses a
     * layer built from other dependencies.
     *
     * @param yumRepos whether the generated repos.d is mounted at /etc/yum.repos.d too
     */
    public static List<String> command(Map<String, String> env, Path mountPoint, LockedTree tree, PodmanArguments podman,
            boolean yumRepos, Console console) {
        return command(env, mountPoint, tree, podman, yumRepos, console, KonfluxBuild.NONE);
    }

    /** As {@link #command(Map, Path, LockedTree, PodmanArguments, boolean, Console)}, with what Konflux's build task adds. */
    public static List<String> command(Map<String, String> env, Path mountPoint, LockedTree tree, PodmanArguments podman,
            boolean yumRepos, Console console, KonfluxBuild konflux) {
        List<String> cmd = new ArrayList<>();
        cmd.add(PodmanProcess.executable(env));
        cmd.add("build");
        List<String> ours = new ArrayList<>(List.of("--volume", mountPoint + ":" + tree.mountTarget() + ":ro"));
        RpmRepositories rpms = tree.inputs().rpms();
        if (!rpms.isEmpty() && yumRepos && !konflux.yumReposMerged()) {
            // What projects do with a Hermeto prefetch, so that a plain `dnf install` uses the locked RPMs.
            ours.add("--volume");
            ours.add(mountPoint + "/" + rpms.reposDirectory() + ":/etc/yum.repos.d:ro");
        }
        Optional<Path> containerfile = KeyedContainerfile.locate(podman);
        if (containerfile.isPresent()) {
            Path keyed = RuntimeDir.containerfileBeside(mountPoint);
            KeyedContainerfile.write(containerfile.get(), keyed);
            if (konflux.envFile() != null) {
                sourceEnvInRunSteps(keyed, konflux.envFile(), containerfile.get(), console);
            }
            ours.add("--build-arg");
            ours.add(LayerCacheKey.BUILD_ARG + "=" + LayerCacheKey.of(tree.files(), tree.mountTarget()));
            ours.addAll(konflux.arguments());
            cmd.addAll(podman.withContainerfile(keyed, ours, konflux.context()));
        } else {
            console.warning("cannot read the Containerfile (stdin, URL or several -f):"
                    + " podman's layer cache does not see lockfile changes; add --no-cache after changing a lockfile");
            cmd.addAll(ours);
            cmd.addAll(konflux.arguments());
            cmd.addAll(podman.args());
        }
        return cmd;
    }

    /** konflux-build-cli's way to apply cachi2.env with buildah before 1.44: see {@link RunEnvInjection}. */
    private static void sourceEnvInRunSteps(Path keyed, String envFile, Path original, Console console) {
        try {
            String sourcing = RunEnvInjection.sourcing(envFile);
            Files.writeString(keyed, RunEnvInjection.inject(Files.readString(keyed), sourcing, original.toString()).containerfile());
            // Line numbers as the user's file has them, not the keyed copy (one ARG line more per FROM).
            RunEnvInjection.Result r = RunEnvInjection.inject(Files.readString(original), sourcing, original.toString());
            for (RunEnvInjection.SkippedRun skipped : r.skipped()) {
                if (skipped.why() != RunEnvInjection.Skip.NO_OP) {
                    console.notice(original + ":" + skipped.line() + ": RUN does not get " + envFile + ": " + skipped.why().reason());
                }
            }
        } catch (IOException e) {
            throw new LazybuildException(LazybuildException.Kind.CONFIG, "cannot rewrite " + keyed + ": " + e.getMessage(), e);
        }
    }
}
