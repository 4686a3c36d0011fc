package dev.lazybuild.vfs;

import java.util.List;

/**
 * The tree a completed Hermeto prefetch leaves, as Konflux mounts it at {@code /cachi2}:
 * {@code output/deps/<ecosystem>/...} plus the {@code cachi2.env} file RUN steps source.
 * The paths are the compatibility contract in DESIGN.md.
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
        b.addDirectory(OUTPUT + "/deps");
        for (LockedFile f : files) {
            b.add(new LockedFile(OUTPUT + "/" + f.path(), f.remote(), f.origin()));
        }
        b.addGenerated("cachi2.env", environment(target), "lazybuild (cachi2.env)");
        return b;
    }

    /** The variables Hermeto's generate-env writes, so RUN steps that source the file work. */
    static String environment(String target) {
        String deps = target + "/" + OUTPUT + "/deps";
        return "export PIP_FIND_LINKS=" + deps + "/pip\n"
                + "export PIP_NO_INDEX=true\n";
    }
}
