package dev.lazybuild.rpm;

/**
 * Where a Hermeto prefetch puts the RPM repositories, in one place for the tree, the repo
 * files and the commands: {@code output/deps/rpm/<arch>/<repoid>/} and
 * {@code output/deps/rpm/<arch>/repos.d/}, relative to the mount's root.
 */
public final class HermetoRpmPaths {
    /** Relative to Hermeto's output directory: every locked RPM is under it. */
    private static final String UNDER_OUTPUT = "deps/rpm/";

    private HermetoRpmPaths() { }

    /** Whether a path relative to the output directory ({@code deps/...}) is an RPM of a repository. */
    public static boolean isRpmPath(String outputRelative) {
        return outputRelative.startsWith(UNDER_OUTPUT);
    }

    /** An architecture's directory, relative to the mount root. */
    static String archDirectory(String arch) {
        return "output/" + UNDER_OUTPUT + arch;
    }

    /** A repoid's directory, relative to the mount root: the dnf baseurl's path. */
    static String repoDirectory(String arch, String repoid) {
        return archDirectory(arch) + "/" + repoid;
    }

    /** Where the repo files are, relative to the mount root: what the build mounts at /etc/yum.repos.d. */
    static String reposDirectory(String arch) {
        return archDirectory(arch) + "/repos.d";
    }
}
