package dev.lazybuild.vfs.tree;

import dev.lazybuild.vfs.lockfile.LockedFile;
import java.util.List;

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
        b.addDirectory(OUTPUT + "/deps");
        for (LockedFile f : files) {
            b.add(f.under(OUTPUT));
        }
        b.addGenerated("cachi2.env", environment(target), "lazybuild (cachi2.env)");
        return b;
    }

    /**
     * What {@code hermeto generate-env --format env --for-output-dir <target>/output} writes
     * (hermeto/core/extras/envfile.py): one {@code export NAME=VALUE} line per variable, each
     * quoted as Python's shlex.quote does. Only pip declares variables (PIP_FIND_LINKS,
     * PIP_NO_INDEX in hermeto/core/package_managers/pip/main.py); npm declares none, its
     * offline install comes from rewriting package-lock.json's {@code resolved} to file: URLs.
     */
    static String environment(String target) {
        String deps = target + "/" + OUTPUT + "/deps";
        return export("PIP_FIND_LINKS", deps + "/pip") + export("PIP_NO_INDEX", "true");
    }

    private static String export(String name, String value) {
        return "export " + name + "=" + shellQuoted(value) + "\n";
    }

    /** As shlex.quote: safe words stay bare, anything else goes in single quotes. */
    static String shellQuoted(String value) {
        if (!value.isEmpty() && value.matches("[A-Za-z0-9_@%+=:,./-]+")) {
            return value;
        }
        return "'" + value.replace("'", "'\"'\"'") + "'";
    }
}
