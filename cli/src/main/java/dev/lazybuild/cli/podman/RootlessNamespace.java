package dev.lazybuild.cli.podman;

import dev.lazybuild.cli.terminal.Invocation;
import dev.lazybuild.fetch.Host;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rootless podman runs its containers inside a user and mount namespace that its pause
 * process keeps for the whole login session. A FUSE mount made outside it later never
 * reaches the containers ("/" is not a shared mount on most hosts, so nothing propagates),
 * so a non-root lazybuild runs itself again under {@code podman unshare}: inside, it is root
 * of that user namespace, mounts FUSE directly (no fusermount, so /etc/fuse.conf's
 * user_allow_other does not matter) where podman's containers see it, and cleans up there.
 */
public final class RootlessNamespace {
    /** Set by podman in every process it runs inside its rootless namespace. */
    static final String INSIDE = "_CONTAINERS_USERNS_CONFIGURED";

    private RootlessNamespace() { }

    /** True when this process must re-run itself inside podman's namespace before mounting. */
    public static boolean needed(Map<String, String> env) {
        return !Host.runsAsRoot() && !inside(env);
    }

    /** Root of the host; inside podman's rootless namespace the user only looks like root. */
    public static boolean hostRoot(Map<String, String> env) {
        return Host.runsAsRoot() && !inside(env);
    }

    /** True inside {@code podman unshare}, where uid 0 is the invoking user, not the host's root. */
    static boolean inside(Map<String, String> env) {
        return env.containsKey(INSIDE);
    }

    /**
     * The lazybuild running inside {@code podman unshare}: the target for Ctrl-C and SIGTERM,
     * because podman unshare dies on them without passing them on, which would leave the
     * inner build running and its mount in place. ({@code env} execs java, so it is the
     * wrapper's direct child.)
     */
    static List<ProcessHandle> lazybuildInside(Process unshare) {
        return unshare.children().toList();
    }

    /** Runs this command line again inside podman's namespace (see the class comment); returns its exit status. */
    public static int runInside(Invocation invocation, Path cacheDir, Path runtimeDir) {
        return new PodmanProcess(invocation).run(command(invocation.env(), cacheDir, runtimeDir),
                RootlessNamespace::lazybuildInside);
    }

    /**
     * {@code podman unshare} + this JVM's own command line. The runtime and cache directories
     * are fixed here, because inside the namespace the user looks like root (home /root) but
     * cannot write /run or /root.
     *
     * @param cacheDir the cache this build resolved (flag, environment, config file or default)
     * @param runtimeDir the base of the build's runtime directories, as resolved out here
     */
    static List<String> command(Map<String, String> env, Path cacheDir, Path runtimeDir) {
        ProcessHandle.Info self = ProcessHandle.current().info();
        List<String> cmd = new ArrayList<>(List.of(PodmanProcess.executable(env), "unshare", "env"));
        if (!env.containsKey("LAZYBUILD_RUNTIME_DIR")) {
            cmd.add("LAZYBUILD_RUNTIME_DIR=" + runtimeDir);
        }
        if (!env.containsKey("LAZYBUILD_CACHE_DIR")) {
            // Inside, Java's user.home is root's home; the cache stays the one resolved out here.
            cmd.add("LAZYBUILD_CACHE_DIR=" + cacheDir.toAbsolutePath());
        }
        cmd.add(self.command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        Optional<String[]> args = self.arguments();
        cmd.addAll(List.of(args.orElseThrow(() -> new IllegalStateException(
                "cannot read this process's command line to run it under podman unshare"))));
        return cmd;
    }
}
