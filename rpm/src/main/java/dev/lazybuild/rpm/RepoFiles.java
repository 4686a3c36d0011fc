package dev.lazybuild.rpm;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code .repo} file Hermeto's inject-files writes to {@code deps/rpm/<arch>/repos.d/}:
 * one section per repoid with {@code baseurl=file://<mount>/output/deps/rpm/<arch>/<repoid>}.
 * Only {@code hermeto.repo}, as Hermeto names it: a second file with the same sections (the
 * {@code cachi2.repo} older Cachi2 releases wrote) makes dnf warn "listed more than once".
 */
final class RepoFiles {
    static final List<String> NAMES = List.of("hermeto.repo");

    private RepoFiles() { }

    /**
     * @param mountTarget where the build sees the tree's root ({@code /cachi2})
     */
    static String render(String arch, List<String> repoids, String mountTarget, RepoOptions options) {
        StringBuilder b = new StringBuilder();
        for (String repoid : repoids) {
            // Sorted so that the file, and thus the image layer that copies it, is reproducible.
            Map<String, String> sorted = new TreeMap<>(options.forRepoid(repoid));
            b.append('[').append(repoid).append("]\n");
            if (repoid.startsWith("hermeto-")) {
                b.append("name=Packages unaffiliated with an official repository\n");
            }
            b.append("baseurl=file://").append(stripTrailingSlash(mountTarget)).append('/')
                    .append(HermetoRpmPaths.repoDirectory(arch, repoid)).append('\n');
            sorted.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
            b.append('\n');
        }
        return b.toString();
    }

    private static String stripTrailingSlash(String s) {
        return s.endsWith("/") && s.length() > 1 ? s.substring(0, s.length() - 1) : s;
    }
}
