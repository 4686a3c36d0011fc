package dev.lazybuild.vfs.pip;

import dev.lazybuild.vfs.input.PackageInput;
import dev.lazybuild.vfs.lockfile.LockfileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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

    private static final List<String> FIELDS = List.of("type", "path", "requirements_files", "requirements_build_files",
            "allow_binary", "binary");

    public PipInput {
        requirementsFiles = requirementsFiles == null ? null : List.copyOf(requirementsFiles);
        requirementsBuildFiles = requirementsBuildFiles == null ? null : List.copyOf(requirementsBuildFiles);
    }

    /**
     * A pip input as Hermeto's JSON (or a PipelineRun's YAML) gives it, parsed into maps and
     * lists, validated as Hermeto's {@code PipPackageInput} validates it: unknown keys refused,
     * {@code requirements_files: null} refused, the deprecated {@code allow_binary: true} read as
     * {@code binary} with every platform when no {@code binary} is given.
     *
     * @throws IllegalArgumentException with Hermeto's reason, naming the field
     */
    public static PipInput fromHermetoInput(Map<String, ?> input) {
        for (String key : input.keySet()) {
            if (!FIELDS.contains(key)) {
                throw new IllegalArgumentException(key + ": extra inputs are not permitted (a pip input has " + FIELDS + ")");
            }
        }
        Object path = input.containsKey("path") ? input.get("path") : ".";
        if (!(path instanceof String p)) {
            throw new IllegalArgumentException("path: must be a string, not " + path);
        }
        Object binary = input.get("binary");
        if (binary != null && !(binary instanceof Map)) {
            throw new IllegalArgumentException("binary: must be an object, not " + binary);
        }
        Object allowBinary = input.containsKey("allow_binary") ? input.get("allow_binary") : Boolean.FALSE;
        if (!(allowBinary instanceof Boolean)) {
            throw new IllegalArgumentException("allow_binary: must be true or false, not " + allowBinary);
        }
        BinaryFilter filter = binary != null ? BinaryFilter.fromHermetoInput(stringKeys((Map<?, ?>) binary))
                : Boolean.TRUE.equals(allowBinary) ? BinaryFilter.allowBinary() : null;
        return new PipInput(Path.of(p), paths(input, "requirements_files"), paths(input, "requirements_build_files"), filter);
    }

    /** A pip input of a Konflux PipelineRun or {@code --prefetch-input}, as parsed with the others, its binary defaults filled in. */
    public static PipInput of(PackageInput.Pip pip) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("path", pip.path());
        if (pip.requirementsFiles() != null) {
            fields.put("requirements_files", pip.requirementsFiles());
        }
        if (pip.requirementsBuildFiles() != null) {
            fields.put("requirements_build_files", pip.requirementsBuildFiles());
        }
        PackageInput.PipBinary b = pip.binary();
        if (b != null) {
            Map<String, Object> binary = new LinkedHashMap<>();
            binary.put("packages", b.packages());
            binary.put("arch", b.arch());
            binary.put("os", b.os());
            binary.put("py_version", b.pyVersion());
            binary.put("py_impl", b.pyImpl());
            binary.put("abi", b.abi());
            binary.put("platform", b.platform());
            binary.values().removeIf(Objects::isNull);
            fields.put("binary", binary);
        }
        return fromHermetoInput(fields);
    }

    private static List<Path> paths(Map<String, ?> input, String key) {
        if (!input.containsKey(key)) {
            return null;
        }
        if (!(input.get(key) instanceof List<?> list)) {
            throw new IllegalArgumentException(key + ": " + (input.get(key) == null ? "none is not an allowed value" : "must be a list of paths"));
        }
        List<Path> out = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof String s)) {
                throw new IllegalArgumentException(key + ": must be a list of paths, not " + list);
            }
            out.add(Path.of(s));
        }
        return out;
    }

    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
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
