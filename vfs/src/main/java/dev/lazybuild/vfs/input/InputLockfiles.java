package dev.lazybuild.vfs.input;

import dev.lazybuild.vfs.lockfile.Lockfiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The lockfile each package of a Hermeto input names, where Hermeto looks for it:
 * rpm {@code <path>/rpms.lock.yaml}; generic {@code <path>/artifacts.lock.yaml} (or its
 * {@code lockfile}); npm {@code <path>/npm-shrinkwrap.json}, else {@code <path>/package-lock.json};
 * pip, until requirements files are read, a {@code pylock.toml} in the path when the input names
 * no requirements files (a lazybuild extension; Hermeto does not read pylock). Paths are checked
 * as Hermeto's RootedPath checks them: they must stay inside the source root, symlinks included.
 */
public final class InputLockfiles {
    private InputLockfiles() { }

    /**
     * One lockfile to read, of a known kind (its name need not say it: npm-shrinkwrap.json is NPM).
     * A pip input with requirements files is resolved through its index ({@code kind}
     * REQUIREMENTS, {@code file} the package directory); a gomod input is its {@code go.mod}
     * ({@code kind} null: Go modules are no lockfile kind of their own, GoModuleTree reads them).
     */
    public record InputLockfile(PackageInput input, Path file, Lockfiles.Kind kind) { }

    /**
     * @param root the source root the input's paths are relative to (the repository root for a PipelineRun)
     * @param where the input's source for messages, as given to {@link PrefetchInput#parse}
     */
    public static List<InputLockfile> resolve(PrefetchInput input, Path root, String where) {
        SourceRoot source = SourceRoot.of(root);
        List<InputLockfile> out = new ArrayList<>();
        for (int i = 0; i < input.packages().size(); i++) {
            PackageInput p = input.packages().get(i);
            String at = where + ": packages[" + i + "] (" + p.type() + ", path " + p.path() + ")";
            Path dir = source.resolve(p.path(), at);
            if (!Files.isDirectory(dir)) {
                throw new InputException(at + ": package path does not exist (or is not a directory): " + p.path());
            }
            out.add(lockfile(source, dir, p, at));
        }
        return out;
    }

    private static InputLockfile lockfile(SourceRoot root, Path dir, PackageInput p, String at) {
        if (p instanceof PackageInput.Rpm) {
            return file(root, dir, "rpms.lock.yaml", Lockfiles.Kind.RPM, p, at);
        }
        if (p instanceof PackageInput.Generic g) {
            return file(root, dir, g.lockfile() == null ? PackageInput.Generic.DEFAULT_LOCKFILE : g.lockfile(),
                    Lockfiles.Kind.GENERIC, p, at);
        }
        if (p instanceof PackageInput.Npm) {
            // Hermeto's order: the shrinkwrap, which npm publishes with a package, before package-lock.json.
            String name = Files.exists(dir.resolve("npm-shrinkwrap.json")) ? "npm-shrinkwrap.json" : "package-lock.json";
            return file(root, dir, name, Lockfiles.Kind.NPM, p, at);
        }
        if (p instanceof PackageInput.Pip pip) {
            return pip(root, dir, pip, at);
        }
        if (p instanceof PackageInput.Gomod) {
            file(root, dir, "go.sum", null, p, at);
            return file(root, dir, "go.mod", null, p, at);
        }
        throw new InputException(at + ": type " + p.type() + " is not supported yet; lazybuild reads rpm, generic, "
                + "npm, pip and gomod inputs");
    }

    private static InputLockfile pip(SourceRoot root, Path dir, PackageInput.Pip pip, String at) {
        if (pip.requirementsFiles() == null && Files.isRegularFile(dir.resolve("pylock.toml"))) {
            return file(root, dir, "pylock.toml", Lockfiles.Kind.PYLOCK, pip, at);
        }
        // Requirements files, resolved through their index (PipResolver checks and names each file).
        return new InputLockfile(pip, dir, Lockfiles.Kind.REQUIREMENTS);
    }

    private static InputLockfile file(SourceRoot root, Path dir, String name, Lockfiles.Kind kind, PackageInput p,
            String at) {
        Path file = root.resolve(root.path().relativize(dir.resolve(name)).toString(), at);
        if (!Files.exists(file)) {
            throw new InputException(at + ": " + root.shown(file) + " does not exist; Hermeto reads the " + p.type()
                    + " lockfile from there");
        }
        if (!Files.isRegularFile(file)) {
            throw new InputException(at + ": " + root.shown(file) + " is not a regular file");
        }
        return new InputLockfile(p, file, kind);
    }
}
