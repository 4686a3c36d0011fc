package dev.lazybuild.rpm.repodata;

import java.util.List;
import java.util.Map;

/**
 * What repodata says of one package: the fields of createrepo_c's primary, filelists and
 * other records. {@link PackageMetadataReader} fills it from a header as createrepo_c does.
 *
 * @param pkgid the package file's sha256 (the lockfile's digest), in hex
 * @param location the href in the repository (the file name the build sees)
 * @param packageSize the package file's size in bytes
 * @param dependencies per kind, in the order rpm stores them; kinds without entries are absent
 * @param files every file, directory and ghost, as filelists lists them
 * @param changelogs the newest entries, oldest first, as createrepo_c keeps them
 */
public record PackageMetadata(String name, String arch, String epoch, String version, String release, String pkgid,
        String summary, String description, String packager, String url, long buildTime, long packageSize,
        long installedSize, long archiveSize, String location, String license, String vendor, String group,
        String buildHost, String sourceRpm, long headerStart, long headerEnd,
        Map<DependencyKind, List<Dependency>> dependencies, List<PackageFile> files, List<ChangelogEntry> changelogs) {

    /** The dependency lists of primary.xml, in the order createrepo_c writes them. */
    public enum DependencyKind {
        PROVIDES("rpm:provides"), REQUIRES("rpm:requires"), CONFLICTS("rpm:conflicts"), OBSOLETES("rpm:obsoletes"),
        SUGGESTS("rpm:suggests"), ENHANCES("rpm:enhances"), RECOMMENDS("rpm:recommends"), SUPPLEMENTS("rpm:supplements");

        private final String element;

        DependencyKind(String element) {
            this.element = element;
        }

        public String element() {
            return element;
        }
    }

    /**
     * One {@code rpm:entry}. {@code flags} is empty for an unversioned dependency (then epoch,
     * version and release are not written); {@code release} may be empty.
     */
    public record Dependency(String name, String flags, String epoch, String version, String release, boolean pre) { }

    /** A file: {@code type} is "" for a regular file, "dir" or "ghost". */
    public record PackageFile(String path, String type) {
        /**
         * Whether primary.xml lists it: createrepo_c's filter, which yum and dnf rely on to
         * resolve file dependencies without filelists.
         */
        public boolean inPrimary() {
            return isPrimaryPath(path);
        }
    }

    public record ChangelogEntry(String author, long date, String text) { }

    static boolean isPrimaryPath(String path) {
        return path.startsWith("/etc/") || path.equals("/usr/lib/sendmail") || path.contains("bin/");
    }
}
