package dev.lazybuild.vfs.tree;

import dev.lazybuild.vfs.lockfile.LockedFile;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
        return builder(b, files, target, Map.of());
    }

    /**
     * As {@link #builder(Tree.Builder, List, String)}, with more variables in cachi2.env
     * (another package manager's, e.g. gomod's GOCACHE, GOPROXY, ...).
     */
    public static Tree.Builder builder(Tree.Builder b, List<LockedFile> files, String target, Map<String, String> variables) {
        b.addDirectory(OUTPUT + "/deps");
        for (LockedFile f : files) {
            b.add(f.under(OUTPUT));
        }
        b.addGenerated("cachi2.env", environment(target, variables), "lazybuild (cachi2.env)");
        return b;
    }

    /**
     * What {@code hermeto generate-env --format env --for-output-dir <target>/output} writes
     * (hermeto/core/extras/envfile.py): one {@code export NAME=VALUE} line per variable, each
     * quoted as Python's shlex.quote does. pip declares PIP_FIND_LINKS and PIP_NO_INDEX
     * (hermeto/core/package_managers/pip/main.py), gomod its own (see GoEnvironment); npm declares none, its
     * offline install comes from rewriting package-lock.json's {@code resolved} to file: URLs.
     */
    static String environment(String target) {
        return environment(target, Map.of());
    }

    /** With {@code variables} too; generate-env sorts every package manager's variables by name (BuildConfig). */
    static String environment(String target, Map<String, String> variables) {
        String deps = target + "/" + OUTPUT + "/deps";
        Map<String, String> all = new TreeMap<>(variables);
        all.put("PIP_FIND_LINKS", deps + "/pip");
        all.put("PIP_NO_INDEX", "true");
        StringBuilder out = new StringBuilder();
        all.forEach((name, value) -> out.append(export(name, value)));
        return out.toString();
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
