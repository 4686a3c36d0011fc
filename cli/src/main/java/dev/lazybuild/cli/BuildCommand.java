package dev.lazybuild.cli;

import dev.lazybuild.fetch.store.ContentStore;
import dev.lazybuild.fetch.http.UpstreamSource;
import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.FetchListener;
import dev.lazybuild.fetch.http.HttpUpstream;
import dev.lazybuild.rpm.RepoOptions;
import dev.lazybuild.rpm.RpmRepositories;
import dev.lazybuild.fetch.store.Leases;
import dev.lazybuild.fetch.team.TeamTier;
import dev.lazybuild.vfs.tree.HermetoLayout;
import dev.lazybuild.vfs.lockfile.LockedFile;
import dev.lazybuild.vfs.lockfile.Lockfiles;
import dev.lazybuild.vfs.fuse.Mount;
import dev.lazybuild.vfs.tree.Tree;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    @Option(names = "--no-fetch-ahead",
            description = "Do not download ahead the files the last build of this context and Containerfile opened.")
    boolean noFetchAhead;

    @Option(names = "--summary-json", paramLabel = "FILE",
            description = "Also write the build summary (files opened, downloaded, from the cache, bytes, seconds waited) as JSON to FILE.")
    Path summaryJson;

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
        FuseAccess.requireDevice(FuseAccess.runningAsRoot());
        if (RootlessNamespace.needed(invocation.env())) {
            // Rootless: run again as root of podman's user namespace, where FUSE can be mounted.
            return new PodmanProcess(invocation).run(RootlessNamespace.command(invocation.env(), cache.resolve(config)),
                    RootlessNamespace::lazybuildInside);
        }
        // -q is podman's option, passed through; lazybuild follows it for its own progress and notices.
        quiet = podman.quiet();
        try (HttpUpstream upstream = new HttpUpstream(config.concurrency());
             TeamTier team = teamCache.open(config, err());
             BuildStatusLine statusLine = BuildStatusLine.forTerminal(invocation)) {
            DownloadProgress progress = new DownloadProgress(quiet || noProgress
                    ? new java.io.PrintWriter(java.io.Writer.nullWriter()) : err());
            BuildSummary summary = new BuildSummary(FetchListener.all(progress, statusLine));
            ContentStore store = ContentStore.builder(cache.resolve(config)).then(team)
                    .then(new UpstreamSource(upstream, config.mirrorRules(), config.concurrency())).listener(summary).build();
            List<LockedFile> sized = TreeAssembly.withSizes(locked, store);
            Tree.Builder builder = HermetoLayout.builder(sized, mountTarget);
            if (!rpms.isEmpty()) {
                Map<String, Path> repodata = progress.during("RPMs for repodata",
                        () -> rpms.prepareRepodata(store, this::notice));
                rpms.addTo(builder, repodata, mountTarget, options);
            }
            Tree tree = builder.build();
            RuntimeDir runtime = RuntimeDir.forCurrentUser(invocation.env());
            runtime.sweepStale();
            Path mountPoint = runtime.newMountPoint();
            int status;
            // The lease is taken before the mount exists, so 'cache gc' keeps every file this build may open.
            try (Leases.Lease lease = Leases.take(store.root(), digestsOf(tree), rpms.repodataKeys());
                 Mount mount = Mount.mount(tree, mountPoint, summary.counting(store), this::reportOpenFailure)) {
                Thread unmountOnExit = new Thread(mount::close, "lazybuild-unmount");
                Runtime.getRuntime().addShutdownHook(unmountOnExit);
                Path opened = FetchAhead.recordFile(invocation.env(), podman);
                try (FetchAhead ahead = noFetchAhead ? FetchAhead.NONE
                        : FetchAhead.start(opened, tree, store, config.concurrency())) {
                    if (ahead.started() > 0) {
                        notice("fetching ahead " + ahead.started() + " files the last build of this Containerfile opened");
                    }
                    List<String> command = podmanCommand(mountPoint, podman, rpms, LayerCacheKey.of(sized, mountTarget));
                    status = new PodmanProcess(invocation).run(command);
                } finally {
                    removeHook(unmountOnExit);
                }
                if (status == 0) {
                    FetchAhead.record(opened, tree, summary.openedFiles());
                }
            } finally {
                RuntimeDir.remove(mountPoint);
            }
            statusLine.close();
            store.saveTierCounts();
            reportEnd(summary.report(status));
            return status;
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

    /**
     * podman build with the mount, and, when lazybuild can find the Containerfile, a copy of
     * it keyed to the tree (see {@link KeyedContainerfile}) so that --layers never reuses a
     * layer built from other dependencies.
     */
    private List<String> podmanCommand(Path mountPoint, PodmanArguments podman, RpmRepositories rpms, String treeKey) {
        List<String> cmd = new ArrayList<>();
        cmd.add(PodmanProcess.executable(invocation.env()));
        cmd.add("build");
        List<String> ours = new ArrayList<>(List.of("--volume", mountPoint + ":" + mountTarget + ":ro"));
        if (!rpms.isEmpty() && !noYumRepos) {
            // What projects do with a Hermeto prefetch, so that a plain `dnf install` uses the locked RPMs.
            ours.add("--volume");
            ours.add(mountPoint + "/" + rpms.reposDirectory() + ":/etc/yum.repos.d:ro");
        }
        Optional<Path> containerfile = KeyedContainerfile.locate(podman);
        if (containerfile.isPresent()) {
            Path keyed = RuntimeDir.containerfileBeside(mountPoint);
            KeyedContainerfile.write(containerfile.get(), keyed);
            List<String> withKey = new ArrayList<>(ours);
            withKey.add("--build-arg");
            withKey.add(LayerCacheKey.BUILD_ARG + "=" + treeKey);
            cmd.addAll(podman.withContainerfile(keyed, withKey));
        } else {
            synchronized (err()) {
                err().println("lazybuild: warning: cannot read the Containerfile (stdin, URL or several -f):"
                        + " podman's layer cache does not see lockfile changes; add --no-cache after changing a lockfile");
                err().flush();
            }
            cmd.addAll(ours);
            cmd.addAll(podman.args());
        }
        return cmd;
    }

    /** The summary on stderr (and in --summary-json), after podman's last line. */
    private void reportEnd(BuildSummary.Report report) {
        if (quiet && summaryJson == null) {
            return;
        }
        synchronized (err()) {
            int status = report.podmanExitStatus();
            if (status == ExitCode.INTERRUPTED.code() || status == 128 + 15) {
                // podman 4 leaves an interrupted build's working containers in its storage.
                err().println("lazybuild: interrupted; podman keeps the build's containers: list them with"
                        + " 'podman ps --external', remove them with 'podman rm -f ID'");
            }
            if (!quiet) {
                err().println(BuildSummary.line(report));
            }
            err().flush();
        }
        if (summaryJson != null) {
            BuildSummary.writeJson(report, summaryJson);
        }
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
