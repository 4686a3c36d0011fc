package dev.lazybuild.cli.app;

import dev.lazybuild.rpm.RpmRepositories;
import dev.lazybuild.vfs.lockfile.LockedFile;
import dev.lazybuild.vfs.lockfile.Lockfiles;
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

    public static LockedInputs read(List<Path> lockfiles, String arch) {
        // rpms.lock.yaml is read by RpmRepositories alone: it needs the repositories, not only the files.
        List<Path> others = lockfiles.stream().filter(p -> !isRpmLock(p)).toList();
        List<LockedFile> files = new ArrayList<>(Lockfiles.read(others, arch));
        RpmRepositories rpms = RpmRepositories.read(lockfiles, arch);
        files.addAll(rpms.files());
        return new LockedInputs(lockfiles, arch, files, rpms);
    }

    private static boolean isRpmLock(Path p) {
        return Lockfiles.Kind.ofFileName(p.getFileName().toString()) == Lockfiles.Kind.RPM;
    }
}
