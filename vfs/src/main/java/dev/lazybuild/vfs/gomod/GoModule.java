package dev.lazybuild.vfs.gomod;

import dev.lazybuild.vfs.lockfile.LockfileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One Go module of the build's source, as a Hermeto {@code gomod} input names it (a directory
 * holding {@code go.mod}): the module-cache files Hermeto's {@code go mod download} leaves for it
 * under {@link ModuleCache#DOWNLOAD_DIR}. The entry point for a {@code gomod} input and for
 * {@code --lockfile .../go.mod}.
 */
public final class GoModule {
    /** Go's own ceiling for a go.mod it reads (modfetch: 16 MiB); go.sum gets the same bound. */
    private static final long MAX_FILE_BYTES = 16L << 20;

    private GoModule() { }

    /**
     * The files of the module in {@code directory}: nothing when it vendors its dependencies
     * (after checking vendor/modules.txt against go.mod), else the download cache of
     * {@link DownloadSelection}, every {@code .zip} and {@code .mod} with go.sum's hash. Reads
     * go.mod, go.sum, go.work and vendor/modules.txt only: nothing is fetched to list the files.
     * A {@code go.work} in the directory or above it (inside {@code source}) makes it a workspace,
     * as the go command finds one: then every used module counts, with its go.sum and go.work.sum.
     *
     * @param source the root of the build's source; nothing outside it is read
     * @param directory the module's directory (go.mod, go.sum, maybe vendor/), inside {@code source}
     * @throws LockfileException naming the file, the line or the module when the input cannot be used
     */
    public static List<CacheFile> files(Path source, Path directory) {
        return files(source, List.of(directory));
    }

    /**
     * As {@link #files(Path, Path)} for several modules at once, as Hermeto downloads several
     * gomod inputs into one module cache: the union of their module versions, one {@code list}
     * per module path for all of them.
     *
     * @throws LockfileException also when two go.sum files disagree on a hash
     */
    public static List<CacheFile> files(Path source, List<Path> directories) {
        DownloadSelection all = new DownloadSelection(new java.util.TreeSet<>(), new java.util.TreeSet<>());
        GoSum sums = GoSum.empty();
        List<String> sumsNames = new ArrayList<>();
        for (Path directory : directories) {
            Selected s = select(source, directory);
            if (s != null) {
                all = all.with(s.selection());
                sums = sums.with(s.sums(), s.sumsName());
                sumsNames.add(s.sumsName());
            }
        }
        return ModuleCache.files(all, sums, String.join(", ", sumsNames));
    }

    /** One module's selection and the hashes that check it; null when it vendors. */
    private record Selected(DownloadSelection selection, GoSum sums, String sumsName) { }

    private static Selected select(Path source, Path directory) {
        Path root = source.toAbsolutePath().normalize();
        Path dir = directory.toAbsolutePath().normalize();
        Path goModFile = dir.resolve("go.mod");
        GoModFile goMod = GoModFile.parse(goModFile.toString(), read(goModFile), true);
        Path goWorkFile = goWork(root, dir);
        if (Files.isDirectory(dir.resolve("vendor"))) {
            Path modulesTxt = dir.resolve("vendor/modules.txt");
            if (!Files.isRegularFile(modulesTxt)) {
                throw new LockfileException(modulesTxt + ": missing, but " + dir.resolve("vendor")
                        + " exists: run 'go mod vendor' and commit vendor/ (or remove it)");
            }
            if (goWorkFile == null) {
                VendoredModules.checkConsistent(modulesTxt.toString(), read(modulesTxt), goMod);
            }
            return null;
        }
        if (goWorkFile == null) {
            GoSum sums = sums(dir.resolve("go.sum"));
            return new Selected(DownloadSelection.of(goMod, sums), sums, dir.resolve("go.sum").toString());
        }
        GoWork work = GoWork.parse(goWorkFile.toString(), read(goWorkFile));
        List<GoModFile> mains = new ArrayList<>();
        String sumsName = "the go.sum files of " + goWorkFile + " (and go.work.sum)";
        GoSum sums = sums(goWorkFile.resolveSibling("go.work.sum"));
        for (String use : work.uses()) {
            Path used = goWorkFile.getParent().resolve(use).normalize();
            if (!used.startsWith(root)) {
                throw new LockfileException(goWorkFile + ": use " + use + " leaves the source directory " + source);
            }
            mains.add(GoModFile.parse(used.resolve("go.mod").toString(), read(used.resolve("go.mod")), true));
            sums = sums.with(sums(used.resolve("go.sum")), sumsName);
        }
        Function<ModuleVersion, GoModFile.Replacement> replacementOf = m -> {
            GoModFile.Replacement r = work.replaces().get(new GoModFile.Replaced(m.path(), m.version()));
            r = r != null ? r : work.replaces().get(new GoModFile.Replaced(m.path(), null));
            for (int i = 0; r == null && i < mains.size(); i++) {
                r = mains.get(i).replacementOf(m);
            }
            return r;
        };
        return new Selected(DownloadSelection.ofWorkspace(mains, replacementOf, sums), sums, sumsName);
    }

    /** The go.work the go command would use for {@code dir}: there or in a parent, as far up as the source's root. */
    private static Path goWork(Path root, Path dir) {
        for (Path d = dir; d != null && d.startsWith(root); d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("go.work"))) {
                return d.resolve("go.work");
            }
        }
        return null;
    }

    private static GoSum sums(Path goSum) {
        return Files.isRegularFile(goSum) ? GoSum.parse(goSum.toString(), read(goSum)) : GoSum.empty();
    }

    static String read(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new LockfileException(file + ": no such file");
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new LockfileException(file + ": larger than " + (MAX_FILE_BYTES >> 20) + " MiB");
            }
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LockfileException(file + ": cannot read: " + e.getMessage(), e);
        }
    }
}
