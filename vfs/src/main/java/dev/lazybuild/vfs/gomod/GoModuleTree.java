package dev.lazybuild.vfs.gomod;

import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.RemoteFile;
import dev.lazybuild.vfs.lockfile.Ecosystem;
import dev.lazybuild.vfs.lockfile.LockedFile;
import dev.lazybuild.vfs.lockfile.LockfileException;
import dev.lazybuild.vfs.tree.HermetoLayout;
import dev.lazybuild.vfs.tree.Tree;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The entry point for Go: the gomod inputs of a build ({@code {"type": "gomod", "path": ...}},
 * or {@code --lockfile .../go.mod}) as the part of the tree Hermeto's output holds for them,
 * {@link ModuleCache#DOWNLOAD_DIR}: the {@code .mod}, {@code .zip} and {@code .info} files as
 * downloads from the module proxy (each checked before it is stored: go.sum's h1 for .zip and
 * .mod, the version for .info; keyed in the store by that h1), and {@code .ziphash},
 * {@code .lock} and {@code list} generated. Listing it fetches nothing; sizes are unknown
 * until the store learns them (HEAD), as for npm.
 */
public final class GoModuleTree {
    private final List<CacheFile> files;
    private final List<LockedFile> downloads;

    private GoModuleTree(List<CacheFile> files, List<LockedFile> downloads) {
        this.files = files;
        this.downloads = downloads;
    }

    /**
     * @param source the root of the build's source (the context, or the repository a PipelineRun
     *        builds): go.work is looked for up to it, and nothing outside it is read
     * @param modules the directories of the gomod inputs (each holding go.mod), inside {@code source}
     * @param proxy where the files come from (the user's GOPROXY)
     * @throws LockfileException naming the file, the line or the module when an input cannot be used
     */
    public static GoModuleTree read(Path source, List<Path> modules, GoProxy proxy) {
        List<CacheFile> files = GoModule.files(source, modules);
        List<LockedFile> downloads = files.stream().filter(CacheFile::fromProxy).map(f -> download(f, proxy)).toList();
        return new GoModuleTree(files, downloads);
    }

    private static LockedFile download(CacheFile f, GoProxy proxy) {
        // The store keys a file by its go.sum h1 (a .info, which has none, by its name): a build
        // that finds the key in the store serves the file without checking it again.
        String key = f.kind() == CacheFile.Kind.INFO ? "gomod info " + f.module() : f.h1();
        String name = f.module() + "." + f.kind().extension();
        RemoteFile remote = new RemoteFile(proxy.urlsOf(f), Digest.checkedKey(key), RemoteFile.UNKNOWN_SIZE, name,
                f::problemWith);
        return new LockedFile(ModuleCache.DOWNLOAD_DIR + "/" + f.path(), remote, Ecosystem.GOMOD,
                "go.sum: " + f.module() + " (." + f.kind().extension() + ")");
    }

    /**
     * The module versions whose files the build gets (a {@code .zip}), each with the digests of its
     * downloaded files ({@code .zip}, {@code .mod}, {@code .info}): the Go modules of the SBOM.
     * A module whose go.mod alone is downloaded (needed for the module graph, no code) is not one.
     */
    public SortedMap<ModuleVersion, Set<Digest>> modules() {
        Set<ModuleVersion> withCode = new HashSet<>();
        files.stream().filter(f -> f.kind() == CacheFile.Kind.ZIP).forEach(f -> withCode.add(f.module()));
        // downloads were made from the proxy's files in this order (see read): the i-th of each is one file.
        List<CacheFile> fromProxy = files.stream().filter(CacheFile::fromProxy).toList();
        SortedMap<ModuleVersion, Set<Digest>> out = new TreeMap<>();
        for (int i = 0; i < fromProxy.size(); i++) {
            if (withCode.contains(fromProxy.get(i).module())) {
                out.computeIfAbsent(fromProxy.get(i).module(), m -> new HashSet<>()).add(downloads.get(i).remote().digest());
            }
        }
        return out;
    }

    /** The files to download, with paths relative to Hermeto's {@code output/} directory. */
    public List<LockedFile> downloads() {
        return downloads;
    }

    /** Adds the generated files ({@code .ziphash}, {@code .lock}, {@code list}) to a tree of the Hermeto layout. */
    public Tree.Builder addGeneratedTo(Tree.Builder builder) {
        for (CacheFile f : files) {
            if (!f.fromProxy()) {
                builder.addGenerated(HermetoLayout.OUTPUT + "/" + ModuleCache.DOWNLOAD_DIR + "/" + f.path(),
                        new String(f.generated(), StandardCharsets.UTF_8), "lazybuild (" + f.module() + ")");
            }
        }
        return builder;
    }
}
