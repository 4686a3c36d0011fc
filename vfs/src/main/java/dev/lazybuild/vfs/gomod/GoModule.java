package dev.lazybuild.vfs.gomod;

import dev.lazybuild.vfs.LockfileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
     * go.mod, go.sum and vendor/modules.txt only: nothing is fetched to list the files.
     *
     * @param directory the module's directory (go.mod, go.sum, maybe vendor/)
     * @throws LockfileException naming the file, the line or the module when the input cannot be used
     */
    public static List<CacheFile> files(Path directory) {
        Path goModFile = directory.resolve("go.mod");
        GoModFile goMod = GoModFile.parse(goModFile.toString(), read(goModFile), true);
        Path modulesTxt = directory.resolve("vendor/modules.txt");
        if (Files.isDirectory(directory.resolve("vendor"))) {
            if (!Files.isRegularFile(modulesTxt)) {
                throw new LockfileException(modulesTxt + ": missing, but " + directory.resolve("vendor")
                        + " exists: run 'go mod vendor' and commit vendor/ (or remove it)");
            }
            VendoredModules.checkConsistent(modulesTxt.toString(), read(modulesTxt), goMod);
            return List.of();
        }
        Path goSumFile = directory.resolve("go.sum");
        GoSum sums = Files.isRegularFile(goSumFile) ? GoSum.parse(goSumFile.toString(), read(goSumFile)) : GoSum.empty();
        DownloadSelection selection = DownloadSelection.of(goMod, sums);
        return ModuleCache.files(selection, sums, goSumFile.toString());
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
