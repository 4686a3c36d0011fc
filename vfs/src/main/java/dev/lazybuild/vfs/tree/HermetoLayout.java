package dev.lazybuild.vfs.tree;

import dev.lazybuild.vfs.lockfile.LockedFile;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The tree a completed Hermeto prefetch leaves, as Konflux mounts it at {@code /cachi2}:
 * {@code output/deps/<ecosystem>/...} plus the {@code cachi2.env} file RUN steps source.
 * The paths are the compatibility contract: README.md, "What the build sees".
 */
public final class HermetoLayout {
    /** Where Konflux mounts the prefetch; {@code --mount-target} changes it. */
    public static final String DEFAULT_TARGET = "/cachi2";
    public static final String OUTPUT = "output";

    private HermetoLayout() { }

    /**
     * @param files every locked file, with {@code path} relative to {@code output/}
     * @param target where the build will see the tree's root
     */
    public static Tree.Builder builder(List<LockedFile> files, String target) {
        return builder(Tree.builder(), files, target);
    }

    /** As {@link #builder(List, String)}, into a builder the caller configured. */
    public static Tree.Builder builder(Tree.Builder b, List<LockedFile> files, String target) {
        return builder(b, files, target, List.of());
    }

    /**
     * As {@link #builder(List, String)}, with {@code cachi2.env} for the package managers of the
     * files and of {@code inputTypes} (Hermeto type names of the inputs, which count even when
     * they lock no file, as in Hermeto's output).
     */
    public static Tree.Builder builder(Tree.Builder b, List<LockedFile> files, String target,
            Collection<String> inputTypes) {
        b.addDirectory(OUTPUT + "/deps");
        Set<String> types = new TreeSet<>(inputTypes);
        for (LockedFile f : files) {
            b.add(f.under(OUTPUT));
            types.add(f.ecosystem().label());
        }
        b.addGenerated("cachi2.env", Cachi2Env.render(types, target + "/" + OUTPUT), "lazybuild (cachi2.env)");
        return b;
    }
}
