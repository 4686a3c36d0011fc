package dev.lazybuild.cli.app;

import dev.lazybuild.rpm.RpmRepositories;
import dev.lazybuild.vfs.input.InputLockfiles;
import dev.lazybuild.vfs.input.InputSource;
import dev.lazybuild.vfs.input.PackageInput;
import dev.lazybuild.vfs.konflux.BuildInputs;
import dev.lazybuild.vfs.lockfile.LockedFile;
import dev.lazybuild.vfs.lockfile.Lockfiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A build's lockfiles, each read once, for one RPM architecture: every file they lock, and
 * the dnf repositories of the rpms.lock.yaml files (whose files are part of {@link #files()}).
 *
 * @param lockfiles the lockfiles: the inputs' (see {@link BuildInputs}), or those at the context's
 *        root, then those named with --lockfile
 * @param arch the RPM architecture (x86_64, aarch64, ...)
 * @param found where the inputs came from, and the PipelineRun's settings if any
 * @param inputs the lockfiles of a Hermeto input, with their kinds (empty for lockfiles found by name)
 */
public record LockedInputs(List<Path> lockfiles, String arch, List<LockedFile> files, RpmRepositories rpms,
        BuildInputs found, List<InputLockfiles.InputLockfile> inputs) {
    public LockedInputs {
        lockfiles = List.copyOf(lockfiles);
        files = List.copyOf(files);
        inputs = List.copyOf(inputs);
    }

    /** Lockfiles found by name only (the context's root and --lockfile), as before Konflux inputs. */
    public static LockedInputs read(List<Path> lockfiles, String arch) {
        return read(new BuildInputs(InputSource.contextRoot(), Path.of("."), null, null), List.of(), lockfiles, arch);
    }

    /**
     * @param found the build's inputs
     * @param inputs their lockfiles ({@link InputLockfiles#resolve})
     * @param named lockfiles found by their names (the context's root unless the inputs came from elsewhere, and --lockfile)
     */
    public static LockedInputs read(BuildInputs found, List<InputLockfiles.InputLockfile> inputs, List<Path> named,
            String arch) {
        Set<Path> all = new LinkedHashSet<>();
        inputs.forEach(i -> all.add(i.file()));
        all.addAll(named);
        List<LockedFile> files = new ArrayList<>();
        List<Path> rpmLocks = new ArrayList<>();
        for (InputLockfiles.InputLockfile i : inputs) {
            if (i.kind() == Lockfiles.Kind.RPM) {
                rpmLocks.add(i.file());
            } else {
                files.addAll(Lockfiles.read(i.file(), i.kind(), arch));
            }
        }
        // rpms.lock.yaml is read by RpmRepositories alone: it needs the repositories, not only the files.
        List<Path> others = named.stream().filter(p -> !isRpmLock(p) && !inputFile(inputs, p)).toList();
        files.addAll(Lockfiles.read(others, arch));
        named.stream().filter(LockedInputs::isRpmLock).filter(p -> !rpmLocks.contains(p)).forEach(rpmLocks::add);
        RpmRepositories rpms = RpmRepositories.read(rpmLocks, arch);
        files.addAll(rpms.files());
        return new LockedInputs(List.copyOf(all), arch, files, rpms, found, inputs);
    }

    /** Hermeto type names of the inputs, for cachi2.env: they count even when their lockfiles lock nothing. */
    public Set<String> inputTypes() {
        return found.input() == null ? Set.of() : found.input().types();
    }

    /** The rpm inputs' {@code options.dnf}; with several, the last one's, as Hermeto uses the last set it sees. */
    public Map<String, Map<String, String>> dnfOptions() {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        if (found.input() != null) {
            for (PackageInput p : found.input().packages()) {
                if (p instanceof PackageInput.Rpm rpm && !rpm.dnfOptions().isEmpty()) {
                    out = new LinkedHashMap<>(rpm.dnfOptions());
                }
            }
        }
        return out;
    }

    private static boolean inputFile(List<InputLockfiles.InputLockfile> inputs, Path p) {
        return inputs.stream().anyMatch(i -> i.file().equals(p));
    }

    private static boolean isRpmLock(Path p) {
        return Lockfiles.Kind.ofFileName(p.getFileName().toString()) == Lockfiles.Kind.RPM;
    }
}
