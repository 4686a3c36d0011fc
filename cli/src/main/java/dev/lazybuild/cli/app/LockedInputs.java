package dev.lazybuild.cli.app;

import dev.lazybuild.rpm.RpmRepositories;
import dev.lazybuild.vfs.lockfile.DigestPolicy;
import dev.lazybuild.vfs.lockfile.LockedFile;
import dev.lazybuild.vfs.lockfile.LockedFiles;
import dev.lazybuild.vfs.lockfile.Lockfiles;
import dev.lazybuild.vfs.lockfile.LockfileException;
import dev.lazybuild.vfs.lockfile.RpmLockReader;
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
     * @param pip resolves requirements files (named with --lockfile) through their index
     * @param policy whether entries locked only by md5 or sha1 are refused, or named in
     *        {@link #warnings()} for plan and the build summary to print
     */
    public static LockedInputs read(List<Path> lockfiles, String arch, PipResolution pip, DigestPolicy policy) {
        Lockfiles.requireExisting(lockfiles);
        // rpms.lock.yaml is read by RpmRepositories alone: it needs the repositories, not only the files;
        // requirements files by their index.
        List<Path> others = lockfiles.stream().filter(p -> !is(p, Lockfiles.Kind.RPM) && !is(p, Lockfiles.Kind.REQUIREMENTS)).toList();
        LockedFiles locked = Lockfiles.read(others, arch, policy);
        List<LockedFile> files = new ArrayList<>(locked.files());
        List<String> warnings = new ArrayList<>(locked.warnings());
        List<Path> requirements = lockfiles.stream().filter(p -> is(p, Lockfiles.Kind.REQUIREMENTS)).toList();
        if (!requirements.isEmpty()) {
            requirements.stream().filter(p -> !Files.isRegularFile(p)).findFirst().ifPresent(p -> {
                throw new LockfileException(p + ": no such lockfile (check --lockfile)");
            });
            files.addAll(pip.hashedFiles(requirements));
        }
        RpmRepositories rpms = RpmRepositories.read(lockfiles, arch);
        for (RpmLockReader.Lock lock : rpms.locks()) {
            policy.review(lock.file(), lock.files()).ifPresent(warnings::add);
        }
        files.addAll(rpms.files());
        return new LockedInputs(lockfiles, arch, files, rpms, warnings);
    }

    private static boolean is(Path p, Lockfiles.Kind kind) {
        return Lockfiles.Kind.ofFileName(p.getFileName().toString()) == kind;
    }
}
