package dev.lazybuild.cli;

import dev.lazybuild.fetch.ContentStore;
import dev.lazybuild.fetch.HttpUpstream;
import dev.lazybuild.vfs.HermetoLayout;
import dev.lazybuild.vfs.LockedFile;
import dev.lazybuild.vfs.Lockfiles;
import dev.lazybuild.vfs.Mount;
import dev.lazybuild.vfs.Tree;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code lazybuild build}: mounts the lockfiles' tree and runs {@code podman build} with it.
 * Every argument lazybuild does not know goes to podman unchanged and in order, which is
 * why build's own options are long options only: podman owns the short ones (-f, -t, -v, -q).
 */
@Command(name = "build",
        description = {
            "Run podman build with the lockfiles' dependencies mounted as a Hermeto prefetch.",
            "",
            "The build sees /cachi2/output/deps/... as a completed Hermeto/Cachi2 prefetch would leave it;"
                + " each file is downloaded only when the build opens it. Lockfiles are found at the context's"
                + " root (pylock.toml, pylock.*.toml) or named with --lockfile.",
            "",
            "Every option not listed here is passed to podman build unchanged, e.g.:",
            "  lazybuild build -f Dockerfile -t myimage --runtime runc .",
            "",
            "-q/--quiet is podman's and goes to podman. Defaults for the options below, and podman arguments"
                + " to add to every build, can be set in lazybuild.toml (see Configuration in 'lazybuild --help')."},
        usageHelpAutoWidth = true,
        mixinStandardHelpOptions = true)
final class BuildCommand extends BaseCommand {
    @Mixin
    LockfileMixin lockfiles;

    @Mixin
    CacheDirMixin cache;

    @Option(names = "--mount-target", paramLabel = "PATH",
            description = "Where the build sees the prefetch tree (default: $LAZYBUILD_MOUNT_TARGET, else mount-target"
                    + " in a config file, else " + HermetoLayout.DEFAULT_TARGET + ", as Konflux mounts it).")
    String mountTarget;

    @Unmatched
    List<String> podmanArgs = new ArrayList<>();

    BuildCommand(Invocation invocation) {
        super(invocation);
    }

    @Override
    protected void validate() {
        if (mountTarget != null) {
            try {
                mountTarget = ConfigFile.mountTarget(mountTarget, "--mount-target");
            } catch (dev.lazybuild.fetch.LazybuildException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
    }

    @Override
    protected int execute() {
        Config config = config(PodmanArguments.parse(podmanArgs).context());
        if (mountTarget == null) {
            mountTarget = config.mountTarget();
        }
        // The config's podman arguments come first, so the same option given on the command line wins.
        List<String> args = new ArrayList<>(config.podmanArgs());
        args.addAll(podmanArgs);
        PodmanArguments podman = PodmanArguments.parse(args);
        String arch = Platforms.rpmArch(podman.platform(), podman.arch());
        List<Path> lockfilePaths = lockfiles.resolve(podman.context());
        List<LockedFile> locked = Lockfiles.read(lockfilePaths, arch);
        try (HttpUpstream upstream = new HttpUpstream(config.concurrency())) {
            ContentStore store = new ContentStore(cache.resolve(config), upstream, dev.lazybuild.fetch.FetchListener.NONE,
                    config.mirrorRules());
            Tree tree = HermetoLayout.builder(TreeAssembly.withSizes(locked, store), mountTarget).build();
            RuntimeDir runtime = RuntimeDir.forCurrentUser(invocation.env());
            runtime.sweepStale();
            Path mountPoint = runtime.newMountPoint();
            try (Mount mount = Mount.mount(tree, mountPoint, store::fetch, this::reportOpenFailure)) {
                Thread unmountOnExit = new Thread(mount::close, "lazybuild-unmount");
                Runtime.getRuntime().addShutdownHook(unmountOnExit);
                try {
                    return new PodmanProcess(invocation).run(podmanCommand(mountPoint, podman));
                } finally {
                    removeHook(unmountOnExit);
                }
            } finally {
                RuntimeDir.remove(mountPoint);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<String> podmanCommand(Path mountPoint, PodmanArguments podman) {
        List<String> cmd = new ArrayList<>();
        cmd.add(PodmanProcess.executable(invocation.env()));
        cmd.add("build");
        cmd.add("--volume");
        cmd.add(mountPoint + ":" + mountTarget + ":ro");
        cmd.addAll(podman.args());
        return cmd;
    }

    private void reportOpenFailure(String path, RuntimeException e) {
        synchronized (err()) {
            err().println("lazybuild: error: " + mountTarget + path + ": " + e.getMessage());
            err().flush();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down; the hook runs and unmounts.
        }
    }
}
