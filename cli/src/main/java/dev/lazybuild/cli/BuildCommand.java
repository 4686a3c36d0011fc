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
            "Run podman build with the lockfiles' dependencies mounted at /cachi2/output, as a",
            "completed Hermeto prefetch would be, downloading each file only when the build opens it.",
            "",
            "Every option not listed here is passed to podman build unchanged, e.g.:",
            "  lazybuild build -f Dockerfile -t myimage --runtime runc ."},
        usageHelpAutoWidth = true,
        mixinStandardHelpOptions = true)
final class BuildCommand extends BaseCommand {
    @Mixin
    LockfileMixin lockfiles;

    @Mixin
    CacheDirMixin cache;

    @Option(names = "--mount-target", paramLabel = "PATH", defaultValue = HermetoLayout.DEFAULT_TARGET,
            description = "Where the build sees the prefetch tree (default: ${DEFAULT-VALUE}, as Konflux mounts it).")
    String mountTarget;

    @Option(names = "--summary-json", paramLabel = "FILE",
            description = "Also write the build summary (files opened, downloaded, from the cache, bytes, seconds waited) as JSON to FILE.")
    Path summaryJson;

    @Unmatched
    List<String> podmanArgs = new ArrayList<>();

    BuildCommand(Invocation invocation) {
        super(invocation);
    }

    @Override
    protected int execute() {
        PodmanArguments podman = PodmanArguments.parse(podmanArgs);
        String arch = Platforms.rpmArch(podman.platform(), podman.arch());
        List<Path> lockfilePaths = lockfiles.resolve(podman.context());
        List<LockedFile> locked = Lockfiles.read(lockfilePaths, arch);
        FuseAccess.requireDevice(FuseAccess.runningAsRoot());
        if (RootlessNamespace.needed(System.getenv())) {
            return new PodmanProcess(invocation).run(RootlessNamespace.command(System.getenv()),
                    RootlessNamespace::lazybuildInside);
        }
        try (HttpUpstream upstream = new HttpUpstream(8);
             BuildStatusLine statusLine = BuildStatusLine.forTerminal(invocation)) {
            BuildSummary summary = new BuildSummary(statusLine);
            ContentStore store = new ContentStore(cache.resolve(), upstream, summary);
            List<LockedFile> sized = TreeAssembly.withSizes(locked, store);
            Tree tree = HermetoLayout.builder(sized, mountTarget).build();
            RuntimeDir runtime = RuntimeDir.forCurrentUser(System.getenv());
            runtime.sweepStale();
            Path mountPoint = runtime.newMountPoint();
            int status;
            try (Mount mount = Mount.mount(tree, mountPoint, summary.counting(store), this::reportOpenFailure)) {
                Thread unmountOnExit = new Thread(mount::close, "lazybuild-unmount");
                Runtime.getRuntime().addShutdownHook(unmountOnExit);
                try {
                    List<String> command = podmanCommand(mountPoint, podman, LayerCacheKey.of(sized, mountTarget));
                    status = new PodmanProcess(invocation).run(command);
                } finally {
                    removeHook(unmountOnExit);
                }
            } finally {
                RuntimeDir.remove(mountPoint);
            }
            statusLine.close();
            reportEnd(summary.report(status));
            return status;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * podman build with the mount, and, when lazybuild can find the Containerfile, a copy of
     * it keyed to the tree (see {@link KeyedContainerfile}) so that --layers never reuses a
     * layer built from other dependencies.
     */
    private List<String> podmanCommand(Path mountPoint, PodmanArguments podman, String treeKey) {
        List<String> cmd = new ArrayList<>();
        cmd.add(PodmanProcess.executable());
        cmd.add("build");
        List<String> ours = List.of("--volume", mountPoint + ":" + mountTarget + ":ro");
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
        synchronized (err()) {
            int status = report.podmanExitStatus();
            if (status == ExitCode.INTERRUPTED.code() || status == 128 + 15) {
                // podman 4 leaves an interrupted build's working containers in its storage.
                err().println("lazybuild: interrupted; podman keeps the build's containers: list them with"
                        + " 'podman ps --external', remove them with 'podman rm -f ID'");
            }
            err().println(BuildSummary.line(report));
            err().flush();
        }
        if (summaryJson != null) {
            BuildSummary.writeJson(report, summaryJson);
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
