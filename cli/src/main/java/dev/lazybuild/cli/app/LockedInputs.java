package dev.lazybuild.cli.app;

import dev.lazybuild.rpm.RpmRepositories;
import dev.lazybuild.vfs.gomod.GoModuleTree;
import dev.lazybuild.vfs.gomod.GoProxy;
import dev.lazybuild.vfs.lockfile.DigestPolicy;
import dev.lazybuild.vfs.lockfile.LockedFile;
import dev.lazybuild.vfs.lockfile.LockedFiles;
import dev.lazybuild.vfs.lockfile.Lockfiles;
import dev.lazybuild.vfs.lockfile.RpmLockReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A build's lockfiles, each read once, for one RPM architecture: every file they lock, the dnf
 * repositories of the rpms.lock.yaml files and the Go module cache of the go.mod files (whose
 * downloads are part of {@link #files()}).
 *
 * @param lockfiles the lockfiles, as found in the context or named with --lockfile
 * @param arch the RPM architecture (x86_64, aarch64, ...)
 * @param warnings one line per lockfile with entries locked only by a weak digest
 * @param gomod the Go modules' part of the tree, or null without a go.mod
 */
public record LockedInputs(List<Path> lockfiles, String arch, List<LockedFile> files, RpmRepositories rpms,
        List<String> warnings, GoModuleTree gomod) {
    /** A go.mod is named with --lockfile only: it is never discovered (a Go project's build need not be Hermeto's). */
    public static final String GO_MOD = "go.mod";

    public LockedInputs {
        lockfiles = List.copyOf(lockfiles);
        files = List.copyOf(files);
        warnings = List.copyOf(warnings);
    }

    /**
     * @param pip resolves requirements files (named with --lockfile) through their index
     * @param policy whether entries locked only by md5 or sha1 are refused, or named in
     *        {@link #warnings()} for plan and the build summary to print
     * @param env the user's environment: GOPROXY says where Go modules come from (never the build context)
     */
    public static LockedInputs read(List<Path> lockfiles, String arch, PipResolution pip, DigestPolicy policy,
            Map<String, String> env) {
        Lockfiles.requireExisting(lockfiles);
        // rpms.lock.yaml is read by RpmRepositories alone: it needs the repositories, not only the files;
        // requirements files by their index; a go.mod by GoModuleTree, with its go.sum, which also generates files.
        List<Path> goMods = lockfiles.stream().filter(LockedInputs::isGoMod).toList();
        List<Path> others = lockfiles.stream()
                .filter(p -> !is(p, Lockfiles.Kind.RPM) && !is(p, Lockfiles.Kind.REQUIREMENTS) && !isGoMod(p)).toList();
        LockedFiles locked = Lockfiles.read(others, arch, policy);
        List<LockedFile> files = new ArrayList<>(locked.files());
        List<String> warnings = new ArrayList<>(locked.warnings());
        List<Path> requirements = lockfiles.stream().filter(p -> is(p, Lockfiles.Kind.REQUIREMENTS)).toList();
        if (!requirements.isEmpty()) {
            files.addAll(pip.hashedFiles(requirements));
        }
        RpmRepositories rpms = RpmRepositories.read(lockfiles, arch);
        for (RpmLockReader.Lock lock : rpms.locks()) {
            policy.review(lock.file(), lock.files()).ifPresent(warnings::add);
        }
        files.addAll(rpms.files());
        GoModuleTree gomod = null;
        if (!goMods.isEmpty()) {
            List<Path> modules = goMods.stream().map(p -> p.toAbsolutePath().normalize().getParent()).toList();
            gomod = GoModuleTree.read(commonAncestor(modules), modules, GoProxy.parse(env.get("GOPROXY")));
            files.addAll(gomod.downloads());
        }
        return new LockedInputs(lockfiles, arch, files, rpms, warnings, gomod);
    }

    private static boolean is(Path p, Lockfiles.Kind kind) {
        return Lockfiles.Kind.ofFileName(p.getFileName().toString()) == kind;
    }

    private static boolean isGoMod(Path p) {
        return p.getFileName().toString().equals(GO_MOD);
    }

    /** The source a --lockfile go.mod belongs to: its directory (the deepest one holding all of them). */
    private static Path commonAncestor(List<Path> dirs) {
        Path common = dirs.get(0);
        for (Path d : dirs) {
            while (!d.startsWith(common)) {
                common = common.getParent();
            }
        }
        return common;
    }
}
