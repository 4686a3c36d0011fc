package dev.lazybuild.cli.app;

import dev.lazybuild.rpm.RpmRepositories;
import dev.lazybuild.vfs.lockfile.DigestPolicy;
import dev.lazybuild.vfs.lockfile.LockedFile;
import dev.lazybuild.vfs.lockfile.LockedFiles;
import dev.lazybuild.vfs.lockfile.Lockfiles;
import dev.lazybuild.vfs.lockfile.RpmLockReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A build's lockfiles, each read once, for one RPM architecture: every file they lock, and
 * the dnf repositories of the rpms.lock.yaml files (whose files are part of {@link #files()}).
 *
 * @param lockfiles the lockfiles, as found in the context or named with --lockfile
 * @param arch the RPM architecture (x86_64, aarch64, ...)
 * @param warnings one line per lockfile with entries locked only by a weak digest
 */
public record LockedInputs(List<Path> lockfiles, String arch, List<LockedFile> files, RpmRepositories rpms,
        List<String> warnings) {
    public LockedInputs {
        lockfiles = List.copyOf(lockfiles);
        files = List.copyOf(files);
        warnings = List.copyOf(warnings);
    }

    /**
     * @param policy whether entries locked only by md5 or sha1 are refused, or named in
     *        {@link #warnings()} for plan and the build summary to print
     */
    public static LockedInputs read(List<Path> lockfiles, String arch, DigestPolicy policy) {
        // rpms.lock.yaml is read by RpmRepositories alone: it needs the repositories, not only the files.
        List<Path> others = lockfiles.stream().filter(p -> !isRpmLock(p)).toList();
        LockedFiles locked = Lockfiles.read(others, arch, policy);
        List<LockedFile> files = new ArrayList<>(locked.files());
        List<String> warnings = new ArrayList<>(locked.warnings());
        RpmRepositories rpms = RpmRepositories.read(lockfiles, arch);
        for (RpmLockReader.Lock lock : rpms.locks()) {
            policy.review(lock.file(), lock.files()).ifPresent(warnings::add);
        }
        files.addAll(rpms.files());
        return new LockedInputs(lockfiles, arch, files, rpms, warnings);
    }

    private static boolean isRpmLock(Path p) {
        return Lockfiles.Kind.ofFileName(p.getFileName().toString()) == Lockfiles.Kind.RPM;
    }
}
