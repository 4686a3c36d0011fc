package dev.lazybuild.cli.command;

import dev.lazybuild.cli.VersionProvider;
import dev.lazybuild.cli.app.LockedInputs;
import dev.lazybuild.cli.app.LockedTree;
import dev.lazybuild.cli.app.OutputDirectory;
import dev.lazybuild.vfs.konflux.BuildInputs;
import dev.lazybuild.cli.config.Config;
import dev.lazybuild.cli.terminal.ByteSize;
import dev.lazybuild.cli.terminal.Console;
import dev.lazybuild.cli.terminal.Invocation;
import dev.lazybuild.cli.terminal.Progress;
import dev.lazybuild.fetch.DaemonThreads;
import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.FetchException;
import dev.lazybuild.fetch.RemoteFile;
import dev.lazybuild.fetch.http.HttpUpstream;
import dev.lazybuild.fetch.http.UpstreamSource;
import dev.lazybuild.fetch.store.ContentStore;
import dev.lazybuild.fetch.store.Leases;
import dev.lazybuild.fetch.team.TeamTier;
import dev.lazybuild.rpm.RepodataPolicy;
import dev.lazybuild.rpm.RpmRepositories;
import dev.lazybuild.vfs.export.TreeExport;
import dev.lazybuild.vfs.lockfile.LockedFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lazybuild prefetch}: downloads every file a build for one platform could open into
 * the shared cache, in parallel, so that later builds (a CI runner's, or offline work) find
 * them there. Each file is verified like any other download; a failure of one file does not
 * stop the others, and every failure is reported.
 */
@Command(name = "prefetch",
        description = {
            "Download every file the lockfiles lock for one platform into the shared cache, in parallel.",
            "Later builds (CI runners, offline work) find them there; with RPMs locked, the repodata",
            "is generated too (createrepo_c), so no build has to wait for that step."},
        usageHelpAutoWidth = true,
        mixinStandardHelpOptions = true)
public final class PrefetchCommand extends BaseCommand {
    @Mixin
    LockfileMixin lockfiles;

    @Mixin
    CacheDirMixin cache;

    @Mixin
    TeamCacheMixin teamCache;

    @Mixin
    ContainerfileMixin containerfile;

    @Option(names = "--rpm-only",
            description = "Only the RPMs' repodata (from their headers): warms the repodata cache without building;"
                    + " with --full, the RPMs (files under deps/rpm/) too.")
    boolean rpmOnly;

    @Option(names = "--full", description = "With --rpm-only: download the RPMs whole too, not only their headers.")
    boolean full;

    @Mixin
    RepodataMixin repodata;

    @Mixin
    PlatformMixin platform;

    @Mixin
    OutputMixin output;

    @Option(names = "--jobs", paramLabel = "N", defaultValue = "8",
            description = "Downloads at once (default: ${DEFAULT-VALUE}).")
    int jobs;

    @Mixin
    DeclaredSbomMixin sbom;

    @Option(names = "--output", paramLabel = "DIR",
            description = "Also write what a Konflux build sees after Hermeto into DIR, as plain files (for machines without FUSE):"
                    + " DIR/output/deps/... (copies of the verified files), repodata and repos.d, DIR/output/bom.json,"
                    + " DIR/output/.build-config.json and DIR/cachi2.env; then: podman build --volume DIR:/cachi2:ro ..."
                    + " Running it again updates DIR in place.")
    Path outputDir;

    @Parameters(index = "0", arity = "0..1", paramLabel = "CONTEXT", defaultValue = ".",
            description = "The build context whose lockfiles to read (default: the current directory).")
    Path context;

    public PrefetchCommand(Invocation invocation) {
        super(invocation);
    }

    @Override
    protected void validate() {
        if (jobs < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--jobs must be at least 1, not " + jobs);
        }
        if (outputDir != null && rpmOnly) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--output needs every file the build could open; leave out --rpm-only");
        }
        if (full && !rpmOnly) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--full goes with --rpm-only"
                    + " (a prefetch without --rpm-only downloads every file whole anyway)");
        }
    }

    @Override
    @SuppressWarnings("try") // the lease is held by the try block, not used in it
    protected int execute() throws Exception {
        Config config = config(context);
        String rpmArch = platform.rpmArch();
        BuildInputs found = lockfiles.find(context, containerfile.resolve(context), config);
        LockedInputs inputs = lockfiles.read(found, context, rpmArch, pip(config, cache.resolve(config)),
                lockfiles.digestPolicy(config), invocation.env(), config,
                parsedLockfiles(cache.resolve(config)));
        List<RemoteFile> files = wanted(!rpmOnly ? inputs.files() : full ? inputs.rpms().files() : List.of());
        RpmRepositories rpms = inputs.rpms();
        sbom.writeIfAsked(inputs);
        TreeExport.Result exported = null;
        List<String> failures = new ArrayList<>();
        long started = System.nanoTime();
        Console console = Console.forInvocation(invocation, output.quiet);
        found.source().announce(console::notice);
        inputs.warnings().forEach(console::warning);
        Progress progress = Progress.ofFiles(console, files.size(), output.showsProgress());
        try (console; progress; HttpUpstream upstream = new HttpUpstream(jobs, invocation.env());
             TeamTier team = teamCache.open(config, console)) {
            ContentStore store = config.storeAt(cache.resolve(config)).then(team).then(new UpstreamSource(upstream,
                    config.mirrorRules(), Math.min(jobs, config.concurrency()))).listener(progress).build();
            // Leased while fetching, so a 'cache gc' running meanwhile keeps what this prefetch fetched.
            try (Leases.Lease lease = Leases.take(store.root(), files.stream().map(RemoteFile::digest).toList())) {
                ExecutorService pool = Executors.newFixedThreadPool(jobs, DaemonThreads.named("prefetch"));
                try {
                    List<Future<?>> pending = new ArrayList<>();
                    for (RemoteFile f : files) {
                        pending.add(pool.submit(() -> {
                            try {
                                store.fetch(f);
                            } catch (FetchException e) {
                                synchronized (failures) {
                                    failures.add(e.getMessage());
                                }
                            }
                        }));
                    }
                    for (Future<?> f : pending) {
                        f.get();
                    }
                } finally {
                    pool.shutdownNow();
                }
                if (!rpms.isEmpty() && failures.isEmpty()) {
                    // Where the repodata cache has no entry for this lockfile yet; builds then skip
                    // that step. RPMs already in the store are read there, not fetched again.
                    rpms.prepareRepodata(store, RepodataPolicy.of(repodata.verified(config),
                            inputs.files(), config.rpmGpgKeys(), store), console::notice);
                }
                if (outputDir != null && failures.isEmpty()) {
                    exported = OutputDirectory.write(outputDir, inputs, LockedTree.mountTarget(null, config), store,
                            console::notice, VersionProvider.version());
                }
            }
            store.saveTierCounts();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (!output.quiet) {
            out().printf(java.util.Locale.ROOT, "prefetched %d of %d files into %s: %s downloaded in %.1f s, %d already cached%n",
                    files.size() - failures.size(), files.size(), cache.resolve(config), ByteSize.format(progress.bytes()), seconds,
                    progress.cached());
            if (exported != null) {
                out().printf(java.util.Locale.ROOT, "output %s: %d files written, %d unchanged, %d removed%n", outputDir,
                        exported.written(), exported.unchanged(), exported.removed());
            }
        }
        for (String f : failures) {
            console.error(f);
        }
        return failures.isEmpty() ? ExitCode.OK.code() : ExitCode.FETCH.code();
    }

    /** The files to fetch, each digest once. */
    private static List<RemoteFile> wanted(List<LockedFile> locked) {
        Map<Digest, RemoteFile> unique = new LinkedHashMap<>();
        for (LockedFile f : locked) {
            unique.putIfAbsent(f.remote().digest(), f.remote());
        }
        return List.copyOf(unique.values());
    }
}
