package dev.lazybuild.cli;

import dev.lazybuild.fetch.ContentStore;
import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.HttpUpstream;
import dev.lazybuild.fetch.Leases;
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

    @Unmatched
    List<String> podmanArgs = new ArrayList<>();

    BuildCommand(Invocation invocation) {
        super(invocation);
    }

    @Override
    @SuppressWarnings("try") // the lease is held by the try block, not used in it
    protected int execute() {
        PodmanArguments podman = PodmanArguments.parse(podmanArgs);
        String arch = Platforms.rpmArch(podman.platform(), podman.arch());
        List<Path> lockfilePaths = lockfiles.resolve(podman.context());
        List<LockedFile> locked = Lockfiles.read(lockfilePaths, arch);
        try (HttpUpstream upstream = new HttpUpstream(8)) {
            ContentStore store = new ContentStore(cache.resolve(), upstream, dev.lazybuild.fetch.FetchListener.NONE);
            Tree tree = HermetoLayout.builder(TreeAssembly.withSizes(locked, store), mountTarget).build();
            RuntimeDir runtime = RuntimeDir.forCurrentUser(System.getenv());
            runtime.sweepStale();
            Path mountPoint = runtime.newMountPoint();
            // Taken before the mount exists, so 'cache gc' keeps every file this build may open.
            try (Leases.Lease lease = Leases.take(store.root(), digestsOf(tree));
                 Mount mount = Mount.mount(tree, mountPoint, store::fetch, this::reportOpenFailure)) {
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

    private static List<Digest> digestsOf(Tree tree) {
        List<Digest> digests = new ArrayList<>();
        tree.forEachFile((path, node) -> {
            if (node.remote() != null) {
                digests.add(node.remote().digest());
            }
        });
        return digests;
    }

    private List<String> podmanCommand(Path mountPoint, PodmanArguments podman) {
        List<String> cmd = new ArrayList<>();
        cmd.add(PodmanProcess.executable());
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
