package dev.lazybuild.vfs.gomod;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What {@code go mod download} (no arguments, as Hermeto runs it) leaves in the module cache for
 * a main module, after replacements: the module versions it downloads whole ({@code .info},
 * {@code .mod}, {@code .zip}) and those whose go.mod alone it reads to build the module graph.
 * Decided from go.mod and go.sum alone, so listing the tree fetches nothing:
 * <ul>
 * <li>Downloaded whole: from {@code go 1.17} on, the modules go.mod requires (cmd/go's
 *     modcmd/download.go: go.mod lists every module the main module's packages need); before
 *     1.17, and in a go.work workspace, every module of the build list ({@code all}):
 *     the highest version of each path in the module graph.</li>
 * <li>go.mod files read: one per {@code /go.mod} line of go.sum. The go command refuses a go.mod
 *     without such a line, and {@code go mod tidy} keeps exactly the lines of the go.mod files
 *     it read to build the module graph (modload's keepSums), so for a tidy go.sum these are
 *     the files Hermeto's download reads; before 1.17 the graph is not pruned and every module
 *     version in it has its go.mod read, which is why the build list can be taken from them too.
 *     A stale line of an untidy go.sum only adds a {@code .mod} that no build opens.</li>
 * </ul>
 *
 * @param downloaded module versions downloaded whole, sorted
 * @param goModOnly module versions of which only the go.mod is read, sorted, none of them in {@code downloaded}
 */
public record DownloadSelection(SortedSet<ModuleVersion> downloaded, SortedSet<ModuleVersion> goModOnly) {
    public DownloadSelection {
        downloaded = Collections.unmodifiableSortedSet(new TreeSet<>(downloaded));
        TreeSet<ModuleVersion> only = new TreeSet<>(goModOnly);
        only.removeAll(downloaded);
        goModOnly = Collections.unmodifiableSortedSet(only);
    }

    /** The selection for the main module {@code main} whose go.sum is {@code sums}. */
    public static DownloadSelection of(GoModFile main, GoSum sums) {
        return of(List.of(main), false, main::replacementOf, sums);
    }

    /**
     * The selection for the main modules of a go.work workspace. In workspace mode (even of one
     * module), as for a main module before 1.17, {@code go mod download} fetches
     * {@code all}, the whole build list: the highest version of every path in the module graph,
     * taken from the sums, where the go command records every module it fetched (go.work.sum for
     * those no module's go.sum has). A module whose go.mod no sum records (in the graph, not
     * read) is missed: only its .info, as no build can use its zip without a hash.
     *
     * @param replacementOf the replacement in force for a module version, or null
     * @param sums the go.sum hashes of every main module (and go.work.sum)
     */
    public static DownloadSelection ofWorkspace(List<GoModFile> mains,
                                                Function<ModuleVersion, GoModFile.Replacement> replacementOf, GoSum sums) {
        return of(mains, true, replacementOf, sums);
    }

    private static DownloadSelection of(List<GoModFile> mains, boolean workspace,
                                        Function<ModuleVersion, GoModFile.Replacement> replacementOf, GoSum sums) {
        Set<String> mainPaths = new HashSet<>();
        mains.forEach(m -> mainPaths.add(m.module()));
        Map<String, String> selected = new HashMap<>();
        boolean all = workspace;
        for (GoModFile main : mains) {
            main.requires().forEach(r -> select(selected, r.module()));
            all |= !main.prunesModuleGraph();
        }
        if (all) {
            sums.withGoModHash().forEach(m -> select(selected, m));
            sums.withZipHash().forEach(m -> select(selected, m));
        }
        SortedSet<ModuleVersion> downloaded = new TreeSet<>();
        selected.forEach((path, version) -> {
            if (!mainPaths.contains(path)) {
                fetched(replacementOf, new ModuleVersion(path, version)).ifPresent(downloaded::add);
            }
        });
        SortedSet<ModuleVersion> goMods = new TreeSet<>(sums.withGoModHash());
        goMods.removeIf(m -> mainPaths.contains(m.path()));
        return new DownloadSelection(downloaded, goMods);
    }

    private static void select(Map<String, String> selected, ModuleVersion m) {
        selected.merge(m.path(), m.version(), (a, b) -> ModuleVersion.compareVersions(a, b) >= 0 ? a : b);
    }

    /** The module version whose files the go command fetches for {@code m}: its replacement's, or none for a directory. */
    private static Optional<ModuleVersion> fetched(Function<ModuleVersion, GoModFile.Replacement> replacementOf,
                                                   ModuleVersion m) {
        GoModFile.Replacement r = replacementOf.apply(m);
        if (r == null) {
            return Optional.of(m);
        }
        return r.isDirectory() ? Optional.empty() : Optional.of(r.module());
    }

    /** Both selections in one module cache. */
    public DownloadSelection with(DownloadSelection other) {
        TreeSet<ModuleVersion> d = new TreeSet<>(downloaded);
        d.addAll(other.downloaded);
        TreeSet<ModuleVersion> g = new TreeSet<>(goModOnly);
        g.addAll(other.goModOnly);
        return new DownloadSelection(d, g);
    }

    /** Every module version whose go.mod is in the cache. */
    public List<ModuleVersion> withGoMod() {
        TreeSet<ModuleVersion> all = new TreeSet<>(downloaded);
        all.addAll(goModOnly);
        return List.copyOf(all);
    }
}
