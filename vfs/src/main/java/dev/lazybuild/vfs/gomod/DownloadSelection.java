package dev.lazybuild.vfs.gomod;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What {@code go mod download} (no arguments, as Hermeto runs it) leaves in the module cache for
 * a main module, after replacements: the module versions it downloads whole ({@code .info},
 * {@code .mod}, {@code .zip}) and those whose go.mod alone it reads to build the module graph.
 * Decided from go.mod and go.sum alone, so listing the tree fetches nothing:
 * <ul>
 * <li>Downloaded whole: from {@code go 1.17} on, the modules go.mod requires (cmd/go's
 *     modcmd/download.go: go.mod lists every module the main module's packages need); before
 *     1.17, every module of the build list ({@code all}): the highest version of each path
 *     in the module graph.</li>
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
        SortedSet<ModuleVersion> downloaded = new TreeSet<>();
        if (main.prunesModuleGraph()) {
            for (GoModFile.Requirement r : main.requires()) {
                if (!r.module().path().equals(main.module())) {
                    fetched(main, r.module()).ifPresent(downloaded::add);
                }
            }
        } else {
            Map<String, String> selected = new HashMap<>();
            main.requires().forEach(r -> select(selected, r.module()));
            sums.withGoModHash().forEach(m -> select(selected, m));
            selected.forEach((path, version) -> {
                if (!path.equals(main.module())) {
                    fetched(main, new ModuleVersion(path, version)).ifPresent(downloaded::add);
                }
            });
        }
        SortedSet<ModuleVersion> goMods = new TreeSet<>(sums.withGoModHash());
        goMods.removeIf(m -> m.path().equals(main.module()));
        return new DownloadSelection(downloaded, goMods);
    }

    private static void select(Map<String, String> selected, ModuleVersion m) {
        selected.merge(m.path(), m.version(), (a, b) -> ModuleVersion.compareVersions(a, b) >= 0 ? a : b);
    }

    /** The module version whose files the go command fetches for {@code m}: its replacement's, or none for a directory. */
    private static java.util.Optional<ModuleVersion> fetched(GoModFile main, ModuleVersion m) {
        GoModFile.Replacement r = main.replacementOf(m);
        if (r == null) {
            return java.util.Optional.of(m);
        }
        return r.isDirectory() ? java.util.Optional.empty() : java.util.Optional.of(r.module());
    }

    /** Every module version whose go.mod is in the cache. */
    public List<ModuleVersion> withGoMod() {
        TreeSet<ModuleVersion> all = new TreeSet<>(downloaded);
        all.addAll(goModOnly);
        return List.copyOf(all);
    }
}
