package dev.lazybuild.cli.app;

import dev.lazybuild.rpm.RpmRepositories;
import dev.lazybuild.vfs.lockfile.LockedFile;
import dev.lazybuild.vfs.lockfile.Lockfiles;
import dev.lazybuild.vfs.lockfile.LockfileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A build's lockfiles, each read once, for one RPM architecture: every file they lock, and
 * the dnf repositories of the rpms.lock.yaml files (whose files are part of {@link #files()}).
 *
 * @param lockfiles the lockfiles, as found in the context or named with --lockfile
 * @param arch the RPM architecture (x86_64, aarch64, ...)
 */
public record LockedInputs(List<Path> lockfiles, String arch, List<LockedFile> files, RpmRepositories rpms) {
    public LockedInputs {
        lockfiles = List.copyOf(lockfiles);
        files = List.copyOf(files);
    }

    /**
     * @param pip resolves requirements files (named with --lockfile) through their index
     */
    public static LockedInputs read(List<Path> lockfiles, String arch, PipResolution pip) {
        Lockfiles.requireExisting(lockfiles);
        // rpms.lock.yaml is read by RpmRepositories alone: it needs the repositories, not only the files;
        // requirements files by their index.
        List<Path> others = lockfiles.stream().filter(p -> !is(p, Lockfiles.Kind.RPM) && !is(p, Lockfiles.Kind.REQUIREMENTS)).toList();
        List<LockedFile> files = new ArrayList<>(Lockfiles.read(others, arch));
        List<Path> requirements = lockfiles.stream().filter(p -> is(p, Lockfiles.Kind.REQUIREMENTS)).toList();
        if (!requirements.isEmpty()) {
            requirements.stream().filter(p -> !Files.isRegularFile(p)).findFirst().ifPresent(p -> {
                throw new LockfileException(p + ": no such lockfile (check --lockfile)");
            });
            files.addAll(pip.hashedFiles(requirements));
        }
        RpmRepositories rpms = RpmRepositories.read(lockfiles, arch);
        files.addAll(rpms.files());
        return new LockedInputs(lockfiles, arch, files, rpms);
    }

    private static boolean is(Path p, Lockfiles.Kind kind) {
        return Lockfiles.Kind.ofFileName(p.getFileName().toString()) == kind;
    }
}
