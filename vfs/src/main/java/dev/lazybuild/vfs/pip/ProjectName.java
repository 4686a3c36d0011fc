package dev.lazybuild.vfs.pip;

import java.util.Locale;

/** PEP 503 name normalisation ({@code packaging.utils.canonicalize_name}): runs of {@code -_.} become one {@code -}, lower case. */
final class ProjectName {
    private ProjectName() { }

    static String canonical(String name) {
        return name.replaceAll("[-_.]+", "-").toLowerCase(Locale.ROOT);
    }
}
