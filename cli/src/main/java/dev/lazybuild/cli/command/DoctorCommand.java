package dev.lazybuild.cli.command;

import dev.lazybuild.cli.app.RuntimeDir;
import dev.lazybuild.cli.config.Config;
import dev.lazybuild.cli.podman.RootlessNamespace;
import dev.lazybuild.cli.terminal.Invocation;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code lazybuild doctor}: is this machine ready for {@code lazybuild build}? One line per
 * check on stdout, with the fix under each problem; exit 5 (PREREQUISITE) when something a
 * build needs is missing.
 */
@Command(name = "doctor",
        description = {
            "Check that this machine can run lazybuild build, and say how to fix what it cannot.",
            "",
            "Checks podman and its OCI runtime, FUSE (/dev/fuse usable by this user, fusermount,",
            "libfuse.so.2), the cache and runtime directories (permissions, free space), and createrepo_c,",
            "which only --verified-repodata needs (a warning when it is missing, unless the config's",
            "verified-repodata = true asks for it on every build).",
            "Programs are looked up on PATH."},
        usageHelpAutoWidth = true,
        mixinStandardHelpOptions = true)
public final class DoctorCommand extends BaseCommand {
    @Mixin
    CacheDirMixin cache;

    public DoctorCommand(Invocation invocation) {
        super(invocation);
    }

    @Override
    protected int execute() {
        Config config = config(null);
        List<Check> checks = new HostChecks(invocation.env(), cache.resolve(config),
                RuntimeDir.forCurrentUser(invocation.env()), RootlessNamespace.hostRoot(invocation.env()))
                .run(config.verifiedRepodata());
        for (Check c : checks) {
            out().printf(Locale.ROOT, "%-8s %-18s %s%n", c.status().name().toLowerCase(Locale.ROOT), c.name(), c.found());
            if (!c.fix().isEmpty()) {
                out().printf(Locale.ROOT, "%-8s %-18s fix: %s%n", "", "", c.fix());
            }
        }
        out().flush();
        List<String> problems = checks.stream().filter(c -> c.status() == Check.Status.PROBLEM).map(Check::name).toList();
        if (problems.isEmpty()) {
            return ExitCode.OK.code();
        }
        console().error("not ready for lazybuild build: " + String.join(", ", problems) + " (see the fixes above)");
        return ExitCode.PREREQUISITE.code();
    }
}
