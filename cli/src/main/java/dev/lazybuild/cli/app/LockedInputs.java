package dev.lazybuild.cli.app;

import dev.lazybuild.rpm.RpmRepositories;
import dev.lazybuild.vfs.gomod.GoModuleTree;
import dev.lazybuild.vfs.gomod.GoProxy;
import dev.lazybuild.vfs.lockfile.LockedFile;
import dev.lazybuild.vfs.lockfile.Lockfiles;
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
 * @param gomod the Go modules' part of the tree, or null without a go.mod
 */
public record LockedInputs(List<Path> lockfiles, String arch, List<LockedFile> files, RpmRepositories rpms,
                           GoModuleTree gomod) {
    /** A go.mod is named with --lockfile only: it is never discovered (a Go project's build need not be Hermeto's). */
    public static final String GO_MOD = "go.mod";

    public LockedInputs {
        lockfiles = List.copyOf(lockfiles);
        files = List.copyOf(files);
    }

    /**
     * @param env the user's environment: GOPROXY says where Go modules come from (never the build context)
     */
    public static LockedInputs read(List<Path> lockfiles, String arch, Map<String, String> env) {
        // rpms.lock.yaml is read by RpmRepositories alone: it needs the repositories, not only the files;
        // a go.mod by GoModuleTree, with its go.sum, which also generates files.
        List<Path> goMods = lockfiles.stream().filter(LockedInputs::isGoMod).toList();
        List<Path> others = lockfiles.stream().filter(p -> !isRpmLock(p) && !isGoMod(p)).toList();
        List<LockedFile> files = new ArrayList<>(Lockfiles.read(others, arch));
        RpmRepositories rpms = RpmRepositories.read(lockfiles, arch);
        files.addAll(rpms.files());
        GoModuleTree gomod = null;
        if (!goMods.isEmpty()) {
            List<Path> modules = goMods.stream().map(p -> p.toAbsolutePath().normalize().getParent()).toList();
            gomod = GoModuleTree.read(commonAncestor(modules), modules, GoProxy.parse(env.get("GOPROXY")));
            files.addAll(gomod.downloads());
        }
        return new LockedInputs(lockfiles, arch, files, rpms, gomod);
    }

    private static boolean isRpmLock(Path p) {
        return Lockfiles.Kind.ofFileName(p.getFileName().toString()) == Lockfiles.Kind.RPM;
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
