package dev.lazybuild.vfs.gomod;

import dev.lazybuild.vfs.lockfile.LockfileException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The layout of the go command's module download cache, which is also the GOPROXY protocol's
 * (so {@code GOPROXY=file://<cache>/cache/download} serves it): under the case-escaped module
 * path, {@code @v/<escaped version>.mod|.zip|.ziphash|.info|.lock} and one {@code @v/list}.
 * Hermeto copies the cache's {@code download} directory to {@code deps/gomod/pkg/mod/cache/download}.
 */
public final class ModuleCache {
    /** Where Hermeto's output holds the download directory, relative to {@code output/}. */
    public static final String DOWNLOAD_DIR = "deps/gomod/pkg/mod/cache/download";

    private ModuleCache() { }

    /** {@code <escaped path>/@v/<escaped version>.<extension>}, relative to the download directory. */
    public static String versionFile(ModuleVersion m, CacheFile.Kind kind) {
        return atV(m.path()) + ModulePath.escape(m.version()) + "." + kind.extension();
    }

    private static String atV(String modulePath) {
        return ModulePath.escape(modulePath) + "/@v/";
    }

    /**
     * The files {@code go mod download} leaves for {@code selection}: for a module downloaded
     * whole its {@code .info}, {@code .mod}, {@code .zip}, {@code .ziphash} and {@code .lock};
     * for one whose go.mod alone was read, its {@code .mod}; per module path, {@code list}.
     * A zip go.sum has no hash for is left out (no build with that go.sum can use it).
     *
     * @param sums the hashes to check {@code .zip} and {@code .mod} against
     * @param sumsName the go.sum file(s) for messages
     * @throws LockfileException naming the module when go.sum lacks the hash of a go.mod the go
     *         command reads: without it nothing could check what the proxy serves, and the go
     *         command itself would stop with "missing go.sum entry"
     */
    public static List<CacheFile> files(DownloadSelection selection, GoSum sums, String sumsName) {
        List<CacheFile> out = new ArrayList<>();
        Map<String, List<String>> versionsByPath = new TreeMap<>();
        for (ModuleVersion m : selection.withGoMod()) {
            out.add(new CacheFile(versionFile(m, CacheFile.Kind.MOD), CacheFile.Kind.MOD, m,
                    required(sums.goModHash(m), sumsName, m + "/go.mod"), null));
            versionsByPath.computeIfAbsent(m.path(), p -> new ArrayList<>()).add(m.version());
        }
        for (ModuleVersion m : selection.downloaded()) {
            out.add(new CacheFile(versionFile(m, CacheFile.Kind.INFO), CacheFile.Kind.INFO, m, null, null));
            String h1 = sums.zipHash(m);
            if (h1 == null) {
                // go.mod requires it for the module graph, but no package of the build comes from it:
                // go mod tidy keeps a zip hash for every module that provides one, and the go command
                // refuses a zip go.sum has no hash for. Hermeto would download it, checked against
                // sum.golang.org; no build with this go.sum can open it.
                continue;
            }
            out.add(new CacheFile(versionFile(m, CacheFile.Kind.ZIP), CacheFile.Kind.ZIP, m, h1, null));
            // The go command writes the hash without a newline (modfetch.hashZip).
            out.add(new CacheFile(versionFile(m, CacheFile.Kind.ZIPHASH), CacheFile.Kind.ZIPHASH, m, null, bytes(h1)));
            out.add(new CacheFile(versionFile(m, CacheFile.Kind.LOCK), CacheFile.Kind.LOCK, m, null, new byte[0]));
        }
        versionsByPath.forEach((path, versions) -> {
            // As modfetch's rewriteVersionList: every version with a .mod, semver order, one per line,
            // except those whose escaped file name is not a valid version (an upper-case letter
            // escapes to '!'), which it skips, leaving an empty list when none is left.
            versions.sort(ModuleVersion::compareVersions);
            StringBuilder list = new StringBuilder();
            versions.stream().filter(v -> v.equals(ModulePath.escape(v))).forEach(v -> list.append(v).append('\n'));
            ModuleVersion any = new ModuleVersion(path, versions.get(0));
            out.add(new CacheFile(atV(path) + "list", CacheFile.Kind.LIST, any, null, bytes(list.toString())));
        });
        out.sort(java.util.Comparator.comparing(CacheFile::path));
        return List.copyOf(out);
    }

    private static String required(String h1, String sumsName, String what) {
        if (h1 == null) {
            throw new LockfileException(sumsName + ": no hash for " + what + ", which the go command reads;"
                    + " lazybuild verifies every module file against go.sum: run 'go mod tidy' and commit go.sum");
        }
        return h1;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
