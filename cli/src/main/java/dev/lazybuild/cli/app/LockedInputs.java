package dev.lazybuild.cli.app;

import dev.lazybuild.fetch.ClientTls;
import dev.lazybuild.rpm.RpmRepositories;
import dev.lazybuild.vfs.gomod.GoModuleTree;
import dev.lazybuild.vfs.gomod.GoProxy;
import dev.lazybuild.vfs.sbom.DeclaredComponents;
import dev.lazybuild.vfs.lockfile.DigestPolicy;
import dev.lazybuild.vfs.input.InputLockfiles;
import dev.lazybuild.vfs.input.InputSource;
import dev.lazybuild.vfs.input.PackageInput;
import dev.lazybuild.vfs.konflux.BuildInputs;
import dev.lazybuild.vfs.pip.PipInput;
import dev.lazybuild.vfs.lockfile.LockedFile;
import dev.lazybuild.vfs.lockfile.LockedFiles;
import dev.lazybuild.vfs.lockfile.Lockfiles;
import dev.lazybuild.vfs.lockfile.ParsedLockfiles;
import dev.lazybuild.vfs.lockfile.RpmLockReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A build's lockfiles, each read once, for one RPM architecture: every file they lock, the dnf
 * repositories of the rpms.lock.yaml files and the Go module cache of the go.mod files (whose
 * downloads are part of {@link #files()}).
 *
 * @param lockfiles the lockfiles: the inputs' (see {@link BuildInputs}), or those at the context's
 *        root, then those named with --lockfile
 * @param arch the RPM architecture (x86_64, aarch64, ...)
 * @param warnings one line per lockfile with entries locked only by a weak digest
 * @param gomod the Go modules' part of the tree, or null without a go.mod
 * @param found where the inputs came from, and the PipelineRun's settings if any
 * @param inputs the lockfiles of a Hermeto input, with their kinds (empty for lockfiles found by name)
 */
public record LockedInputs(List<Path> lockfiles, String arch, List<LockedFile> files, RpmRepositories rpms,
        List<String> warnings, GoModuleTree gomod, BuildInputs found, List<InputLockfiles.InputLockfile> inputs) {
    /** A go.mod is named with --lockfile only: it is never discovered (a Go project's build need not be Hermeto's). */
    public static final String GO_MOD = "go.mod";

    public LockedInputs {
        lockfiles = List.copyOf(lockfiles);
        files = List.copyOf(files);
        warnings = List.copyOf(warnings);
        inputs = List.copyOf(inputs);
    }

    /** Lockfiles found by name only (the context's root and --lockfile), as before Konflux inputs. */
    public static LockedInputs read(List<Path> lockfiles, String arch, PipResolution pip, DigestPolicy policy,
            Map<String, String> env) {
        return read(new BuildInputs(InputSource.contextRoot(), Path.of("."), null, null), List.of(), lockfiles, arch,
                pip, policy, env, ParsedLockfiles.NONE, RpmTls.INPUTS_ONLY);
    }

    /**
     * @param found the build's inputs
     * @param inputs their lockfiles ({@link InputLockfiles#resolve})
     * @param named lockfiles found by their names (the context's root unless the inputs came from elsewhere, and --lockfile)
     * @param pip resolves requirements files (named with --lockfile) through their index
     * @param policy whether entries locked only by md5 or sha1 are refused, or named in
     *        {@link #warnings()} for plan and the build summary to print
     * @param env the user's environment: GOPROXY says where Go modules come from (never the build context)
     * @param parsed lockfiles parsed before, kept in the cache ({@link ParsedLockfiles#NONE} to parse every one)
     * @param rpmTls the TLS of each rpms.lock.yaml's files (options.ssl, an entitlement); a warning
     *        when the inputs' options.ssl may not be used
     */
    public static LockedInputs read(BuildInputs found, List<InputLockfiles.InputLockfile> inputs, List<Path> named,
            String arch, PipResolution pip, DigestPolicy policy, Map<String, String> env, ParsedLockfiles parsed,
            RpmTls rpmTls) {
        Lockfiles.requireExisting(named);
        Set<Path> all = new LinkedHashSet<>();
        inputs.forEach(i -> all.add(i.file()));
        all.addAll(named);
        List<LockedFile> files = new ArrayList<>();
        List<Path> rpmLocks = new ArrayList<>();
        List<Path> goMods = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Map<Path, ClientTls> tlsOfLock = new HashMap<>();
        for (InputLockfiles.InputLockfile i : inputs) {
            if (i.kind() == Lockfiles.Kind.RPM) {
                rpmLocks.add(i.file());
                tlsOfLock.put(i.file(), rpmTls.forInput((PackageInput.Rpm) i.input()));
            } else if (i.kind() == Lockfiles.Kind.REQUIREMENTS) {
                files.addAll(pip.inputFiles(found.root(), PipInput.of((PackageInput.Pip) i.input())));
            } else if (i.input() instanceof PackageInput.Gomod) {
                goMods.add(i.file());
            } else {
                List<LockedFile> read = parsed.files(i.file(), i.kind(), arch);
                policy.review(i.file(), read).ifPresent(warnings::add);
                files.addAll(read);
            }
        }
        // rpms.lock.yaml is read by RpmRepositories alone: it needs the repositories, not only the files;
        // requirements files by their index; a go.mod by GoModuleTree, with its go.sum, which also generates files.
        named.stream().filter(LockedInputs::isGoMod).forEach(goMods::add);
        List<Path> others = named.stream().filter(p -> !is(p, Lockfiles.Kind.RPM) && !is(p, Lockfiles.Kind.REQUIREMENTS)
                && !isGoMod(p) && !inputFile(inputs, p)).toList();
        LockedFiles locked = Lockfiles.read(others, arch, policy, parsed);
        files.addAll(locked.files());
        warnings.addAll(locked.warnings());
        rpmTls.ignoredSsl(found).ifPresent(warnings::add);
        List<Path> requirements = named.stream().filter(p -> is(p, Lockfiles.Kind.REQUIREMENTS)).toList();
        if (!requirements.isEmpty()) {
            files.addAll(pip.hashedFiles(requirements));
        }
        named.stream().filter(p -> is(p, Lockfiles.Kind.RPM)).filter(p -> !rpmLocks.contains(p)).forEach(rpmLocks::add);
        RpmRepositories rpms = RpmRepositories.read(rpmLocks, arch, parsed,
                lock -> tlsOfLock.containsKey(lock) ? tlsOfLock.get(lock) : rpmTls.forNamedLockfile());
        for (RpmLockReader.Lock lock : rpms.locks()) {
            policy.review(lock.file(), lock.files()).ifPresent(warnings::add);
        }
        files.addAll(rpms.files());
        GoModuleTree gomod = null;
        if (!goMods.isEmpty()) {
            List<Path> modules = goMods.stream().map(p -> p.toAbsolutePath().normalize().getParent()).toList();
            // Inputs' modules are read within the source root, as Hermeto reads them; named ones within their own directories.
            Path root = inputs.isEmpty() ? commonAncestor(modules) : commonAncestor(append(modules, found.root()));
            gomod = GoModuleTree.read(root, modules, GoProxy.parse(env.get("GOPROXY")));
            files.addAll(gomod.downloads());
        }
        return new LockedInputs(List.copyOf(all), arch, files, rpms, warnings, gomod, found, inputs);
    }

    /**
     * The lockfiles the SBOM reads its components from, with their kinds: a pip input's requirements
     * files (its {@code file} is the package directory), every other lockfile but go.mod, whose
     * modules come from {@link #gomod()}.
     */
    public List<DeclaredComponents.Source> sbomSources() {
        List<DeclaredComponents.Source> out = new ArrayList<>();
        for (InputLockfiles.InputLockfile i : inputs) {
            if (i.kind() == Lockfiles.Kind.REQUIREMENTS) {
                PipInput.of((PackageInput.Pip) i.input()).files(found.root())
                        .forEach(f -> out.add(new DeclaredComponents.Source(f, Lockfiles.Kind.REQUIREMENTS)));
            } else if (i.kind() != null) {
                out.add(new DeclaredComponents.Source(i.file(), i.kind()));
            }
        }
        lockfiles.stream().filter(p -> !isGoMod(p) && !inputFile(inputs, p)).map(DeclaredComponents.Source::named)
                .forEach(out::add);
        return out;
    }

    /** The files the SBOM's components come from, hashed in its metadata: {@link #sbomSources()}' and the go.mod files. */
    public List<Path> sbomLockfiles() {
        List<Path> out = new ArrayList<>(sbomSources().stream().map(DeclaredComponents.Source::file).toList());
        lockfiles.stream().filter(LockedInputs::isGoMod).forEach(out::add);
        return out;
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

    private static List<Path> append(List<Path> paths, Path one) {
        List<Path> all = new ArrayList<>(paths);
        all.add(one.toAbsolutePath().normalize());
        return all;
    }

    private static boolean inputFile(List<InputLockfiles.InputLockfile> inputs, Path p) {
        return inputs.stream().anyMatch(i -> i.file().equals(p));
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
