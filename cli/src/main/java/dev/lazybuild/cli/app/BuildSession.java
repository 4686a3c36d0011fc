package dev.lazybuild.cli.app;

import dev.lazybuild.cli.config.Config;
import dev.lazybuild.cli.konflux.BuildArgs;
import dev.lazybuild.cli.konflux.BuildNetwork;
import dev.lazybuild.cli.konflux.KonfluxMounts;
import dev.lazybuild.cli.podman.PodmanArguments;
import dev.lazybuild.cli.podman.PodmanProcess;
import dev.lazybuild.fetch.Host;
import dev.lazybuild.vfs.inject.InjectedFiles;
import dev.lazybuild.vfs.input.SourceRoot;
import dev.lazybuild.vfs.konflux.BuildArgsFile;
import dev.lazybuild.vfs.konflux.BuildInputs;
import dev.lazybuild.vfs.konflux.PipelineRun;
import dev.lazybuild.vfs.konflux.YumReposD;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;
import dev.lazybuild.cli.terminal.Console;
import dev.lazybuild.cli.terminal.DownloadProgress;
import dev.lazybuild.cli.terminal.Invocation;
import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.LazybuildException;
import dev.lazybuild.cli.terminal.Progress;
import dev.lazybuild.fetch.FetchListener;
import dev.lazybuild.fetch.Printable;
import dev.lazybuild.fetch.RemoteFile;
import dev.lazybuild.fetch.http.HttpUpstream;
import dev.lazybuild.fetch.http.UpstreamSource;
import dev.lazybuild.fetch.store.ContentStore;
import dev.lazybuild.fetch.store.Leases;
import dev.lazybuild.fetch.team.TeamTier;
import dev.lazybuild.rpm.RepoOptions;
import dev.lazybuild.rpm.RepodataPolicy;
import dev.lazybuild.rpm.repodata.HeaderCheck;
import dev.lazybuild.vfs.fuse.ContentOpener;
import dev.lazybuild.vfs.fuse.Mount;
import dev.lazybuild.vfs.overlay.CachedLayer;
import dev.lazybuild.vfs.tree.HermetoLayout;
import dev.lazybuild.vfs.tree.FileNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One build's resources, taken in the order a build needs them: the upstream, the team
 * tier, the store (with the listeners that count and show downloads), the lease that keeps
 * 'cache gc' off the build's files, the FUSE mount and the fetch-ahead downloads. {@link #close()}
 * releases them in the reverse order, whatever failed in between (podman included), and then
 * saves the tier statistics, so a command holds the whole build in one {@code try}. It closes
 * the console it is given too (the status bar goes; later lines are plain).
 */
public final class BuildSession implements AutoCloseable {
    private final Invocation invocation;
    private final Console console;
    private final HttpUpstream upstream;
    private final TeamTier team;
    private final Progress statusBar;
    private final DownloadProgress progress;
    private final BuildSummary summary;
    private final ContentStore store;
    private final List<Path> rpmGpgKeys;
    private LockedTree tree;
    private Leases.Lease lease;
    private Path mountPoint;
    private Mount mount;
    private CachedView cachedView;
    private Thread unmountOnExit;
    private volatile FetchAhead ahead = FetchAhead.NONE; // read by FUSE threads (repodata fills start it)
    private KonfluxMounts konfluxMounts;
    private OpenedRecord openedRecord;
    private final AtomicReference<RepodataFailure> repodataFailure = new AtomicReference<>();

    private BuildSession(Invocation invocation, Console console, Config config, Path cacheRoot, HttpUpstream upstream,
            TeamTier team, boolean progressLines) {
        this.invocation = invocation;
        this.console = console;
        this.upstream = upstream;
        this.team = team;
        this.statusBar = Progress.whileBuilding(console);
        this.progress = new DownloadProgress(progressLines ? console : console.quiet());
        this.summary = new BuildSummary(FetchListener.all(progress, statusBar));
        this.rpmGpgKeys = config.rpmGpgKeys();
        this.store = config.storeAt(cacheRoot).then(team)
                .then(new UpstreamSource(upstream, config.mirrorRules(), config.concurrency())).listener(summary).build();
    }

    /**
     * @param team the configured team tier, or null; the session closes it
     * @param progressLines whether the eager downloads (repodata's RPMs) print progress lines
     */
    public static BuildSession open(Invocation invocation, Console console, Config config, Path cacheRoot, TeamTier team,
            boolean progressLines) {
        HttpUpstream upstream = new HttpUpstream(config.concurrency(), invocation.env());
        try {
            return new BuildSession(invocation, console, config, cacheRoot, upstream, team, progressLines);
        } catch (RuntimeException e) {
            if (team != null) {
                team.close();
            }
            try {
                upstream.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * The tree this build mounts (see {@link LockedTree#forMount}): each repoid's repodata, when
     * not cached, is made on the build's first look into that repository, from the RPMs' headers
     * or, with {@code verifiedRepodata}, from the whole RPMs. A failure there is EIO for the
     * build and, after podman, the build's error ({@link #finish}).
     */
    public LockedTree assemble(LockedInputs inputs, String mountTarget, RepoOptions options, boolean verifiedRepodata) {
        RepodataPolicy policy = RepodataPolicy.of(verifiedRepodata, inputs.files(), rpmGpgKeys, store);
        tree = LockedTree.forMount(inputs, mountTarget, options, store, repoid -> {
            ahead.start(); // dnf is running: the files it will open are worth fetching now
            try {
                return inputs.rpms().prepareRepodata(repoid, store, policy, console::notice);
            } catch (RuntimeException e) {
                repodataFailure.compareAndSet(null, new RepodataFailure(repoid, e));
                throw e;
            }
        });
        return tree;
    }

    /**
     * Leases the tree's files, then mounts it at a new mount point under the runtime
     * directory (after cleaning up what dead builds left there); returns where the build sees it.
     * The lease is taken before the mount exists, so 'cache gc' keeps every file this build may open.
     * Files already in the store are then laid over the FUSE tree as hard links (see
     * {@link CachedView}), so the build reads them at native speed; where that cannot be done,
     * the build sees the FUSE tree alone.
     */
    public Path mount() {
        RuntimeDir runtime = RuntimeDir.forCurrentUser(invocation.env());
        runtime.sweepStale();
        Leases.sweepStaleLinkLayers(store.root());
        lease = Leases.take(store.root(), tree.digests(), tree.inputs().rpms().repodataKeys());
        Path fuseMountPoint = runtime.newMountPoint();
        // One check for both: a package it checked at an open is trusted by the view, and a repository it dropped stays dropped.
        HeaderCheck headers = tree.inputs().rpms().headerCheck(store);
        mount = Mount.mount(tree.tree(), fuseMountPoint, checkingHeaders(headers, summary.counting(store)), this::reportOpenFailure);
        unmountOnExit = new Thread(this::unmount, "lazybuild-unmount");
        Runtime.getRuntime().addShutdownHook(unmountOnExit);
        cachedView = CachedView.open(tree.tree(), fuseMountPoint, lease.linkLayer(), verifiedObjects(headers), summary.counting(store),
                Host.runsAsRoot());
        cachedView.notice().ifPresent(console::notice);
        mountPoint = cachedView.mountPoint().orElse(fuseMountPoint);
        return mountPoint;
    }

    /**
     * The store's object of a file, for the cached view: only one the store trusts, and an RPM
     * only once its header is the one its repodata was written from. One that is not stays with
     * FUSE, whose open() fails on it and drops the repodata as before (not now: dnf reads it first).
     */
    private CachedLayer.VerifiedObjects verifiedObjects(HeaderCheck check) {
        return file -> store.cached(file.digest()).filter(object -> check.trusts(file, object));
    }

    /** The cached view, then the FUSE tree under it: on close, and from the shutdown hook. */
    private void unmount() {
        if (cachedView != null) {
            cachedView.close();
        }
        mount.close();
    }

    /**
     * Readies the download of the files the last successful build with the same record opened
     * (the host's record, else the team cache's; see {@link FetchAhead}), to start on the build's
     * first open; after a successful build, {@link #finish} writes the record again.
     *
     * @param record the record of this context and Containerfile, or null for no fetch-ahead
     */
    public void fetchAhead(OpenedRecord record, int parallel) {
        openedRecord = record;
        if (record == null) {
            return;
        }
        ahead = FetchAhead.prepare(record.read(team), tree.tree(), store, parallel, summary, console::notice);
        summary.whenOpening(ahead::start);
    }

    /**
     * What Konflux's build task gives a build besides the tree (see {@link KonfluxBuild}): the
     * network as the PipelineRun (or lazybuild's hermetic default) decides, its build-args-file,
     * a writable output, /etc/yum.repos.d merged with the checkout's repos.d, and a context with
     * inject-files' rewrites. Call after {@link #mount()}; {@link #close()} removes it all.
     *
     * @param yumRepos whether /etc/yum.repos.d gets the repo files (not --no-yum-repos)
     */
    public KonfluxBuild konflux(LockedInputs inputs, PodmanArguments podman, boolean yumRepos) {
        BuildInputs found = inputs.found();
        PipelineRun.Settings run = found.run();
        BuildNetwork network = BuildNetwork.decide(podman.lastValue("--network", "--net"), podman.lastValue("--isolation"),
                Optional.ofNullable(run == null ? null : found.source().file()), run != null && run.hermetic());
        console.notice(network.summary());
        List<String> arguments = new ArrayList<>(network.podmanArguments());
        SourceRoot root = SourceRoot.of(found.root());
        if (run != null && run.buildArgsFile() != null) {
            BuildArgsFile file = BuildArgsFile.read(root, run.buildArgsFile(), found.source().file() + ": param build-args-file");
            file.bareNames().forEach(name -> console.warning(file.file() + ": '" + name + "' has no value; not taken from "
                    + "lazybuild's environment (buildah would), so the build does not get it"));
            arguments.addAll(BuildArgs.podmanArguments(file, PodmanProcess.hasBuildOption(invocation.env(), "--build-arg-file")));
        }
        Optional<YumReposD> repos = Optional.empty();
        if (yumRepos && !inputs.rpms().isEmpty()) {
            Path hermetoRepo = mountPoint.resolve(inputs.rpms().reposDirectory()).resolve("hermeto.repo");
            try {
                repos = Optional.of(YumReposD.merge(List.of(root.path().resolve(YumReposD.CHECKOUT_DIR)),
                        Map.of("hermeto.repo", Files.readAllBytes(hermetoRepo))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Map<String, byte[]> injected = InjectedFiles.of(root, podman.context(), inputs.inputs(), tree.mountTarget() + "/output");
        konfluxMounts = KonfluxMounts.open(mountPoint.resolveSibling("konflux"), mountPoint, tree.mountTarget(), repos, injected,
                podman.context(), Host.runsAsRoot(), cachedView.linkedUnder(HermetoLayout.OUTPUT));
        konfluxMounts.notices().forEach(console::notice);
        konfluxMounts.writableOutput().ifPresent(cachedView::watchOutput);
        arguments.addAll(konfluxMounts.volumes());
        Path context = konfluxMounts.context().equals(podman.context()) ? null : konfluxMounts.context();
        return new KonfluxBuild(arguments, context, repos.isPresent(), tree.mountTarget() + "/cachi2.env");
    }

    /** Runs podman with the mount in place; returns its exit status. */
    public int runPodman(List<String> command) {
        int status = new PodmanProcess(invocation, console).run(command);
        if (cachedView != null) {
            cachedView.heardEveryOpen(); // podman's processes have exited: every open of a linked file is queued
        }
        return status;
    }

    /**
     * After podman: the opened files recorded for the next build's fetch-ahead (on success), the
     * status bar gone.
     */
    public BuildSummary.Report finish(int status) {
        ahead.close();
        if (status == 0 && openedRecord != null) {
            openedRecord.write(tree.tree(), summary.openedFiles(), team);
        }
        statusBar.close();
        return summary.report(status);
    }

    /** The first repoid whose repodata could not be made during the build, and why. */
    private record RepodataFailure(String repoid, RuntimeException cause) { }

    /**
     * Why repodata could not be made during the build (the build saw EIO for it), as the error
     * the build ends with: its kind (so its exit status) from the cause, a download failure when
     * the cause is not lazybuild's own.
     */
    public Optional<LazybuildException> repodataFailure() {
        RepodataFailure f = repodataFailure.get();
        if (f == null) {
            return Optional.empty();
        }
        LazybuildException.Kind kind = f.cause() instanceof LazybuildException le ? le.kind() : LazybuildException.Kind.FETCH;
        return Optional.of(new LazybuildException(kind, "the build could not read the repodata of repoid " + f.repoid()
                + " (it saw an I/O error): " + f.cause().getMessage(), f.cause()));
    }

    /** The digests of the files the build opened: the mount's own record, which the summary counts. */
    public Set<Digest> openedFiles() {
        return summary.openedFiles();
    }

    /**
     * An RPM the build opens is compared with the header its repodata was written from (when it
     * was written from headers): a difference fails the open and drops that repodata.
     */
    private ContentOpener checkingHeaders(HeaderCheck check, ContentOpener opener) {
        if (check.isEmpty()) {
            return opener;
        }
        return file -> {
            Path object = opener.open(file);
            check.check(file, object);
            return object;
        };
    }

    private void reportOpenFailure(String path, RuntimeException e) {
        console.error(tree.mountTarget() + path + ": " + e.getMessage());
        FileNode file = tree.tree().file(path);
        RemoteFile remote = file == null ? null : file.remote();
        summary.openFailed(new BuildSummary.FailedOpen(tree.mountTarget() + path,
                remote == null ? null : Printable.url(remote.urls().get(0).toString()), Printable.url(String.valueOf(e.getMessage()))));
    }

    @Override
    public void close() {
        List<Runnable> steps = new ArrayList<>();
        steps.add(ahead::close);
        if (konfluxMounts != null) {
            steps.add(konfluxMounts::close);
        }
        if (mount != null) {
            steps.add(() -> removeHook(unmountOnExit));
            steps.add(this::unmount);
        }
        if (mountPoint != null) {
            steps.add(() -> RuntimeDir.remove(mountPoint));
        }
        if (cachedView != null) {
            steps.add(cachedView::removeLinks);
        }
        if (lease != null) {
            steps.add(lease::close);
        }
        steps.add(statusBar::close);
        steps.add(console::close);
        steps.add(store::saveTierCounts);
        if (team != null) {
            steps.add(team::close);
        }
        steps.add(this::closeUpstream);
        RuntimeException first = null;
        for (Runnable step : steps) {
            try {
                step.run();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private void closeUpstream() {
        try {
            upstream.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
