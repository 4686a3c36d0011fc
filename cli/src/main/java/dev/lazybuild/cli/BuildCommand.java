package dev.lazybuild.cli;

import dev.lazybuild.fetch.ContentStore;
import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.HttpUpstream;
import dev.lazybuild.rpm.RepoOptions;
import dev.lazybuild.rpm.RpmRepositories;
import dev.lazybuild.fetch.Leases;
import dev.lazybuild.fetch.TeamCache;
import dev.lazybuild.vfs.HermetoLayout;
import dev.lazybuild.vfs.LockedFile;
import dev.lazybuild.vfs.Lockfiles;
import dev.lazybuild.vfs.Mount;
import dev.lazybuild.vfs.Tree;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
                + " root (pylock.toml, pylock.*.toml, rpms.lock.yaml) or named with --lockfile.",
            "",
            "Every option not listed here is passed to podman build unchanged, e.g.:",
            "",
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

    @Mixin
    TeamCacheMixin teamCache;

    @Option(names = "--mount-target", paramLabel = "PATH",
            description = "Where the build sees the prefetch tree (default: $LAZYBUILD_MOUNT_TARGET, else mount-target"
                    + " in a config file, else " + HermetoLayout.DEFAULT_TARGET + ", as Konflux mounts it).")
    String mountTarget;

    @Option(names = "--no-yum-repos",
            description = "Do not mount the generated repos.d at /etc/yum.repos.d (it stays under the mount target).")
    boolean noYumRepos;

    @Option(names = "--repo-option", paramLabel = "KEY=VALUE",
            description = "Set an option in every generated dnf repo section (default: gpgcheck=1); repeatable, e.g. --repo-option gpgcheck=0.")
    Map<String, String> repoOptions = new LinkedHashMap<>();

    @Option(names = "--no-progress", description = "Do not print download progress lines (-q, podman's, also silences them).")
    boolean noProgress;

    @Unmatched
    List<String> podmanArgs = new ArrayList<>();

    private boolean quiet;

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
        repoOptions();
    }

    @Override
    @SuppressWarnings("try") // the lease is held by the try block, not used in it
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
        RpmRepositories rpms = RpmRepositories.read(lockfilePaths, arch);
        RepoOptions options = repoOptions();
        try (HttpUpstream upstream = new HttpUpstream(config.concurrency());
             TeamCache team = teamCache.open(config, err())) {
            // -q is podman's option, passed through; lazybuild follows it for its own progress and notices.
            quiet = podman.quiet();
            DownloadProgress progress = new DownloadProgress(quiet || noProgress
                    ? new java.io.PrintWriter(java.io.Writer.nullWriter()) : err());
            ContentStore store = new ContentStore(cache.resolve(config), upstream, progress, config.mirrorRules(),
                    config.concurrency(), team);
            Tree.Builder builder = HermetoLayout.builder(TreeAssembly.withSizes(locked, store), mountTarget);
            if (!rpms.isEmpty()) {
                Map<String, Path> repodata = progress.during("RPMs for repodata",
                        () -> rpms.prepareRepodata(store, this::notice));
                rpms.addTo(builder, repodata, mountTarget, options);
            }
            Tree tree = builder.build();
            RuntimeDir runtime = RuntimeDir.forCurrentUser(invocation.env());
            runtime.sweepStale();
            Path mountPoint = runtime.newMountPoint();
            // Taken before the mount exists, so 'cache gc' keeps every file this build may open.
            try (Leases.Lease lease = Leases.take(store.root(), digestsOf(tree));
                 Mount mount = Mount.mount(tree, mountPoint, store::fetch, this::reportOpenFailure)) {
                Thread unmountOnExit = new Thread(mount::close, "lazybuild-unmount");
                Runtime.getRuntime().addShutdownHook(unmountOnExit);
                try {
                    return new PodmanProcess(invocation).run(podmanCommand(mountPoint, podman, rpms));
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

    private static List<Digest> digestsOf(Tree tree) {
        List<Digest> digests = new ArrayList<>();
        tree.forEachFile((path, node) -> {
            if (node.remote() != null) {
                digests.add(node.remote().digest());
            }
        });
        return digests;
    }

    private List<String> podmanCommand(Path mountPoint, PodmanArguments podman, RpmRepositories rpms) {
        List<String> cmd = new ArrayList<>();
        cmd.add(PodmanProcess.executable(invocation.env()));
        cmd.add("build");
        cmd.add("--volume");
        cmd.add(mountPoint + ":" + mountTarget + ":ro");
        if (!rpms.isEmpty() && !noYumRepos) {
            // What projects do with a Hermeto prefetch, so that a plain `dnf install` uses the locked RPMs.
            cmd.add("--volume");
            cmd.add(mountPoint + "/" + rpms.reposDirectory() + ":/etc/yum.repos.d:ro");
        }
        cmd.addAll(podman.args());
        return cmd;
    }

    private RepoOptions repoOptions() {
        try {
            return RepoOptions.DEFAULT.with(repoOptions);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--repo-option: " + e.getMessage());
        }
    }

    private void notice(String text) {
        if (quiet) {
            return;
        }
        synchronized (err()) {
            err().println("lazybuild: " + text);
            err().flush();
        }
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
