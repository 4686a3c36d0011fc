package dev.lazybuild.vfs.inject;

import dev.lazybuild.vfs.input.InputException;
import dev.lazybuild.vfs.input.InputLockfiles.InputLockfile;
import dev.lazybuild.vfs.input.PackageInput;
import dev.lazybuild.vfs.input.SourceRoot;
import dev.lazybuild.vfs.lockfile.Lockfiles;
import dev.lazybuild.vfs.pip.PipInput;
import dev.lazybuild.vfs.pip.RequirementsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The files Hermeto's inject-files would rewrite for a build's inputs, with their new bytes,
 * by path relative to the build context: for each npm package its lockfile, its package.json
 * and its workspaces' package.json; for each pip package the requirements files with URL or VCS
 * requirements ({@link PipInjection}). The build sees them in place of the originals (lazybuild
 * lays them over the context); the user's checkout is never written. Files outside the build
 * context are left out, since the build cannot see them anyway.
 */
public final class InjectedFiles {
    /** A package.json is small; one larger than this is not one lazybuild rewrites. */
    static final long MAX_BYTES = 64L << 20;

    private InjectedFiles() { }

    /**
     * @param root the source root of the inputs
     * @param context the build context
     * @param lockfiles the inputs' lockfiles ({@link dev.lazybuild.vfs.input.InputLockfiles#resolve})
     * @param outputDir where the build sees Hermeto's output, e.g. {@code /cachi2/output}
     */
    public static Map<String, byte[]> of(SourceRoot root, Path context, List<InputLockfile> lockfiles, String outputDir) {
        Path realContext = SourceRoot.of(context).path();
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (InputLockfile lock : lockfiles) {
            if (lock.input() instanceof PackageInput.Pip pip && lock.kind() == Lockfiles.Kind.REQUIREMENTS) {
                requirementsFiles(out, realContext, root, pip, outputDir);
            }
            if (!(lock.input() instanceof PackageInput.Npm npm)) {
                continue;
            }
            String shown = root.shown(lock.file());
            byte[] lockBytes = read(lock.file(), shown);
            put(out, realContext, lock.file(), NpmInjection.lockfile(lockBytes, outputDir, shown));
            Path dir = lock.file().getParent();
            String at = shown + " (npm package " + npm.path() + ")";
            for (String workspace : NpmInjection.workspaces(lockBytes, shown)) {
                packageJson(out, realContext, root, root.resolve(root.shown(dir.resolve(workspace).normalize()), at), at);
            }
            packageJson(out, realContext, root, dir, at);
        }
        return out;
    }

    /**
     * Each requirements file of the input that Hermeto rewrites, at its real path (Hermeto writes
     * to {@code Path.resolve()} of it, so a symlink's target is what changes). The files are the
     * ones the pip resolver read: named by the input, inside the source root.
     */
    private static void requirementsFiles(Map<String, byte[]> out, Path context, SourceRoot root, PackageInput.Pip pip,
            String outputDir) {
        for (Path file : PipInput.of(pip).files(root.path())) {
            Optional<byte[]> rewritten = PipInjection.requirementsFile(RequirementsFile.read(file), outputDir);
            if (rewritten.isPresent()) {
                try {
                    put(out, context, file.toRealPath(), rewritten.get());
                } catch (IOException e) {
                    throw new InputException(root.shown(file) + ": cannot resolve: " + e.getMessage(), e);
                }
            }
        }
    }

    private static void packageJson(Map<String, byte[]> out, Path context, SourceRoot root, Path dir, String at) {
        Path file = dir.resolve("package.json");
        if (!Files.isRegularFile(file)) {
            throw new InputException(at + ": " + root.shown(file) + " does not exist; Hermeto rewrites it");
        }
        put(out, context, file, NpmInjection.packageJson(read(file, root.shown(file)), root.shown(file)));
    }

    private static void put(Map<String, byte[]> out, Path context, Path file, byte[] bytes) {
        if (file.startsWith(context)) {
            out.put(context.relativize(file).toString(), bytes);
        }
    }

    private static byte[] read(Path file, String shown) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new InputException(shown + ": larger than " + MAX_BYTES + " bytes");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InputException(shown + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Writes the files under {@code dir} (a per-build directory), for an overlay over the context. */
    public static void write(Map<String, byte[]> files, Path dir) {
        try {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Path target = dir.resolve(f.getKey());
                Files.createDirectories(target.getParent());
                Files.write(target, f.getValue());
            }
        } catch (IOException e) {
            throw new InputException("cannot write the rewritten project files under " + dir + ": " + e.getMessage(), e);
        }
    }
}
