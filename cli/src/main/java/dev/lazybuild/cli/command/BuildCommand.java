package dev.lazybuild.cli.command;

import dev.lazybuild.cli.app.BuildSession;
import dev.lazybuild.cli.app.BuildSummary;
import dev.lazybuild.cli.app.OpenedRecord;
import dev.lazybuild.cli.VersionProvider;
import dev.lazybuild.cli.app.InputsSbom;
import dev.lazybuild.cli.app.KonfluxBuild;
import dev.lazybuild.cli.app.LockedInputs;
import dev.lazybuild.cli.app.LockedTree;
import dev.lazybuild.cli.app.PodmanBuild;
import dev.lazybuild.cli.app.RuntimeDir;
import dev.lazybuild.cli.config.Config;
import dev.lazybuild.cli.config.ConfigFile;
import dev.lazybuild.cli.podman.KeyedContainerfile;
import dev.lazybuild.cli.podman.Platforms;
import dev.lazybuild.cli.podman.KeyedContainerfile;
import dev.lazybuild.cli.podman.PodmanArguments;
import dev.lazybuild.cli.podman.RootlessNamespace;
import dev.lazybuild.cli.terminal.Console;
import dev.lazybuild.cli.terminal.Invocation;
import dev.lazybuild.rpm.RepoOptions;
import dev.lazybuild.vfs.fuse.FuseDevice;
import dev.lazybuild.vfs.lockfile.Lockfiles;
import dev.lazybuild.vfs.sbom.SbomSubject;
import dev.lazybuild.vfs.konflux.BuildInputs;
import dev.lazybuild.vfs.tree.HermetoLayout;
import java.nio.file.Path;
import java.time.Instant;
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
                + " root (pylock.toml, pylock.*.toml, package-lock.json, rpms.lock.yaml, artifacts.lock.yaml) or named with --lockfile.",
            "",
            "Every option not listed here is passed to podman build unchanged, e.g.:",
            "",
            "  lazybuild build -f Dockerfile -t myimage --runtime runc .",
            "",
            "-q/--quiet is podman's and goes to podman. Defaults for the options below, and podman arguments"
                + " to add to every build, can be set in lazybuild.toml (see Configuration in 'lazybuild --help')."},
        usageHelpAutoWidth = true,
        mixinStandardHelpOptions = true)
public final class BuildCommand extends BaseCommand {
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

    @Mixin
    RepodataMixin repodata;

    @Option(names = "--summary-json", paramLabel = "FILE",
            description = "Also write the build summary (files opened, downloaded, from the cache, bytes, seconds waited) as JSON to FILE.")
    Path summaryJson;

    // podman 4.4+ owns --sbom (its own image scanners), hence another name.
    @Option(names = "--prefetch-sbom", paramLabel = "FILE",
            description = "After a successful build, write a CycloneDX 1.6 SBOM of every component the lockfiles declare"
                    + " (as Hermeto's bom.json lists them) to FILE; each says lazybuild:opened=true when this build opened one of its files.")
    Path prefetchSbom;

    @Unmatched
    List<String> podmanArgs = new ArrayList<>();

    public BuildCommand(Invocation invocation) {
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
    protected int execute() {
        Config config = config(PodmanArguments.parse(podmanArgs).context());
        PodmanArguments podman = PodmanArguments.parse(config.podmanArgsWith(podmanArgs));
        BuildInputs found = lockfiles.find(podman.context(), KeyedContainerfile.locate(podman), config);
        LockedInputs inputs = lockfiles.read(found, podman.context(), Platforms.rpmArch(podman.platform(), podman.arch()),
                pip(config, cache.resolve(config)), lockfiles.digestPolicy(config), invocation.env(), config,
                parsedLockfiles(cache.resolve(config)));
        FuseDevice.requireDevice(RootlessNamespace.hostRoot(invocation.env()));
        if (RootlessNamespace.needed(invocation.env())) {
            // Rootless: run again as root of podman's user namespace, where FUSE can be mounted.
            return RootlessNamespace.runInside(invocation, cache.resolve(config), RuntimeDir.forCurrentUser(invocation.env()).base());
        }
        // -q is podman's option, passed through; lazybuild follows it for its own progress and notices.
        Console console = Console.forInvocation(invocation, podman.quiet());
        try (BuildSession session = BuildSession.open(invocation, console, config, cache.resolve(config),
                teamCache.open(config, console), !noProgress)) {
            found.source().announce(console::notice);
            LockedTree tree = session.assemble(inputs, LockedTree.mountTarget(mountTarget, config), repoOptions(),
                    repodata.verified(config));
            Path mountPoint = session.mount();
            KonfluxBuild konflux = session.konflux(inputs, podman, !noYumRepos);
            session.fetchAhead(noFetchAhead ? null : OpenedRecord.of(invocation.env(), podman, inputs), config.concurrency());
            int status = session.runPodman(PodmanBuild.command(invocation.env(), mountPoint, tree, podman, !noYumRepos, console,
                    konflux));
            return reportEnd(session, status, inputs, podman, console);
        }
    }

    /**
     * The summary on stderr (and in --summary-json), after podman's last line, with the
     * lockfiles' warnings, and the SBOM of a successful build; returns the build's exit status:
     * podman's, or 4 when podman succeeded although a file could not be opened.
     */
    private int reportEnd(BuildSession session, int podmanStatus, LockedInputs inputs, PodmanArguments podman, Console console) {
        BuildSummary.Report report = session.finish(podmanStatus);
        List<String> lockfileWarnings = inputs.warnings();
        int status = report.podmanExitStatus();
        if (status == ExitCode.INTERRUPTED.code() || status == 128 + 15) {
            // podman 4 leaves an interrupted build's working containers in its storage.
            console.notice("interrupted; podman keeps the build's containers: list them with"
                    + " 'podman ps --external', remove them with 'podman rm -f ID'");
        }
        console.report(BuildSummary.line(report));
        lockfileWarnings.forEach(console::warning);
        if (summaryJson != null) {
            BuildSummary.writeJson(report, summaryJson);
        }
        BuildSummary.failureLine(report).ifPresent(console::error);
        if (session.repodataFailure().isPresent()) {
            // dnf saw EIO; podman's status says only that a step failed. This says why (ErrorReporter prints it).
            throw session.repodataFailure().get();
        }
        if (prefetchSbom != null && status == 0) {
            SbomSubject subject = new SbomSubject(podman.tags().stream().findFirst().orElse(null),
                    KeyedContainerfile.locate(podman).orElse(null), inputs.sbomLockfiles(), Instant.now());
            InputsSbom.write(prefetchSbom, inputs, subject, session.openedFiles(), VersionProvider.version());
        }
        return status == 0 && report.filesFailed() > 0 ? ExitCode.FETCH.code() : status;
    }

    private RepoOptions repoOptions() {
        try {
            return RepoOptions.DEFAULT.with(repoOptions);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--repo-option: " + e.getMessage());
        }
    }
}
