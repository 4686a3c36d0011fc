package dev.lazybuild.vfs.pip;

import dev.lazybuild.vfs.LockfileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Hermeto pip input ({@code PipPackageInput}): {@code {"type": "pip", "path": ...,
 * "requirements_files": [...], "requirements_build_files": [...], "binary": {...}}}.
 *
 * @param path the package directory, relative to the source root
 * @param requirementsFiles relative to {@code path}; null means Hermeto's default, {@code requirements.txt} when it exists
 * @param requirementsBuildFiles relative to {@code path}; null means {@code requirements-build.txt} when it exists
 * @param binary the binary filter, or null for Hermeto's default (sdists only); the deprecated
 *        {@code allow_binary: true} is {@link BinaryFilter#allowBinary()}
 */
public record PipInput(Path path, List<Path> requirementsFiles, List<Path> requirementsBuildFiles, BinaryFilter binary) {
    static final String DEFAULT_REQUIREMENTS_FILE = "requirements.txt";
    static final String DEFAULT_BUILD_REQUIREMENTS_FILE = "requirements-build.txt";

    public PipInput {
        requirementsFiles = requirementsFiles == null ? null : List.copyOf(requirementsFiles);
        requirementsBuildFiles = requirementsBuildFiles == null ? null : List.copyOf(requirementsBuildFiles);
    }

    /**
     * The requirements files this input reads, requirements first and build requirements after,
     * as Hermeto's {@code _resolve_pip} orders them; each inside {@code sourceRoot}.
     *
     * @throws LockfileException when a named file is missing or a path leaves the source root
     */
    public List<Path> files(Path sourceRoot) {
        Path packageDir = within(sourceRoot, sourceRoot, path, "path");
        List<Path> out = new ArrayList<>();
        out.addAll(listed(sourceRoot, packageDir, requirementsFiles, DEFAULT_REQUIREMENTS_FILE));
        out.addAll(listed(sourceRoot, packageDir, requirementsBuildFiles, DEFAULT_BUILD_REQUIREMENTS_FILE));
        return out;
    }

    private static List<Path> listed(Path root, Path packageDir, List<Path> named, String defaultName) {
        if (named == null) {
            Path d = packageDir.resolve(defaultName);
            return Files.isRegularFile(d) ? List.of(d) : List.of();
        }
        List<Path> out = new ArrayList<>();
        for (Path p : named) {
            Path file = within(root, packageDir, p, "requirements file");
            if (!Files.isRegularFile(file)) {
                throw new LockfileException(file + ": no such requirements file (please check that you have specified "
                        + "correct requirements file paths)");
            }
            out.add(file);
        }
        return out;
    }

    /** Hermeto's {@code check_sane_relpath} and {@code join_within_root}: relative, and inside the root after symlinks. */
    private static Path within(Path root, Path dir, Path relative, String what) {
        if (relative.isAbsolute()) {
            throw new LockfileException("pip input: " + what + " '" + relative + "' must be relative");
        }
        Path joined = dir.resolve(relative).normalize();
        try {
            Path realRoot = root.toRealPath();
            Path real = Files.exists(joined) ? joined.toRealPath() : joined.toAbsolutePath().normalize();
            if (!real.startsWith(realRoot)) {
                throw new LockfileException("pip input: " + what + " '" + relative + "' leads outside the source directory " + root);
            }
        } catch (IOException e) {
            throw new LockfileException("pip input: cannot resolve " + what + " '" + relative + "': " + e.getMessage(), e);
        }
        return joined;
    }
}
