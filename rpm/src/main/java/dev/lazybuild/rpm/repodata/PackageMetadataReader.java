package dev.lazybuild.rpm.repodata;

import dev.lazybuild.rpm.header.Header;
import dev.lazybuild.rpm.header.RpmFormatException;
import dev.lazybuild.rpm.header.RpmHeaders;
import dev.lazybuild.rpm.header.RpmTag;
import dev.lazybuild.rpm.repodata.PackageMetadata.ChangelogEntry;
import dev.lazybuild.rpm.repodata.PackageMetadata.Dependency;
import dev.lazybuild.rpm.repodata.PackageMetadata.DependencyKind;
import dev.lazybuild.rpm.repodata.PackageMetadata.PackageFile;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a package's repodata from its headers exactly as createrepo_c 0.17 does
 * ({@code cr_package_from_header}), so dnf sees the same repository whether lazybuild ran
 * createrepo_c over whole files or read only their headers. The rules that look arbitrary
 * are createrepo_c's, kept because dnf was tested against them: requires on rpmlib(...),
 * on the package's own primary files and on what it provides itself are dropped; of several
 * libc.so.6 requires only the highest is kept, and last; the ten newest changelog entries are
 * kept, oldest first, and entries with equal times are made distinct.
 */
public final class PackageMetadataReader {
    /** createrepo_c's {@code --changelog-limit} default. */
    static final int CHANGELOG_LIMIT = 10;

    private static final int SENSE_LESS = 1 << 1;
    private static final int SENSE_GREATER = 1 << 2;
    private static final int SENSE_EQUAL = 1 << 3;
    /** Requires(pre), (post) and PreReq: createrepo_c 0.17 marks only these {@code pre="1"}. */
    private static final long SENSE_PRE = (1 << 6) | (1 << 9) | (1 << 10);
    /** Old-style weak dependencies: a Requires flagged missing-ok is a Recommends. */
    private static final long SENSE_MISSINGOK = 1 << 19;
    /** Old-style weak dependencies: a strong Suggests is a Recommends, a strong Enhances a Supplements. */
    private static final long SENSE_STRONG = 1 << 27;
    private static final int MODE_TYPE = 0170000;
    private static final int MODE_DIRECTORY = 0040000;
    private static final long FILE_GHOST = 1 << 6;
    /** What C's strtol accepts before the colon of an epoch. */
    private static final Pattern NUMERIC_EPOCH = Pattern.compile("[ \\t\\n\\u000b\\f\\r]*[+-]?[0-9]+");

    /** The dependency tags in the order createrepo_c reads them (it matters for recommends). */
    private enum Source {
        PROVIDES(DependencyKind.PROVIDES, RpmTag.PROVIDE_NAME, RpmTag.PROVIDE_FLAGS, RpmTag.PROVIDE_VERSION),
        CONFLICTS(DependencyKind.CONFLICTS, RpmTag.CONFLICT_NAME, RpmTag.CONFLICT_FLAGS, RpmTag.CONFLICT_VERSION),
        OBSOLETES(DependencyKind.OBSOLETES, RpmTag.OBSOLETE_NAME, RpmTag.OBSOLETE_FLAGS, RpmTag.OBSOLETE_VERSION),
        REQUIRES(DependencyKind.REQUIRES, RpmTag.REQUIRE_NAME, RpmTag.REQUIRE_FLAGS, RpmTag.REQUIRE_VERSION),
        SUGGESTS(DependencyKind.SUGGESTS, RpmTag.SUGGEST_NAME, RpmTag.SUGGEST_FLAGS, RpmTag.SUGGEST_VERSION),
        ENHANCES(DependencyKind.ENHANCES, RpmTag.ENHANCE_NAME, RpmTag.ENHANCE_FLAGS, RpmTag.ENHANCE_VERSION),
        RECOMMENDS(DependencyKind.RECOMMENDS, RpmTag.RECOMMEND_NAME, RpmTag.RECOMMEND_FLAGS, RpmTag.RECOMMEND_VERSION),
        SUPPLEMENTS(DependencyKind.SUPPLEMENTS, RpmTag.SUPPLEMENT_NAME, RpmTag.SUPPLEMENT_FLAGS, RpmTag.SUPPLEMENT_VERSION),
        OLD_SUGGESTS(DependencyKind.SUGGESTS, RpmTag.OLD_SUGGESTS_NAME, RpmTag.OLD_SUGGESTS_FLAGS, RpmTag.OLD_SUGGESTS_VERSION),
        OLD_ENHANCES(DependencyKind.ENHANCES, RpmTag.OLD_ENHANCES_NAME, RpmTag.OLD_ENHANCES_FLAGS, RpmTag.OLD_ENHANCES_VERSION);

        final DependencyKind kind;
        final int nameTag;
        final int flagsTag;
        final int versionTag;

        Source(DependencyKind kind, int nameTag, int flagsTag, int versionTag) {
            this.kind = kind;
            this.nameTag = nameTag;
            this.flagsTag = flagsTag;
            this.versionTag = versionTag;
        }
    }

    /** What the requires of one package already hold, by name: createrepo_c drops exact repeats. */
    private record RequireSeen(String flags, String version, boolean pre) { }

    private PackageMetadataReader() { }

    /**
     * @param pkgid the package's sha256 from the lockfile
     * @param packageSize the package's size from the lockfile
     * @param location the href the repository gives it
     */
    public static PackageMetadata read(RpmHeaders rpm, String pkgid, long packageSize, String location) {
        Header h = rpm.header();
        Header sig = rpm.signature();
        String source = rpm.source();
        String name = required(h, RpmTag.NAME, "name", source);
        String version = required(h, RpmTag.VERSION, "version", source);
        String release = required(h, RpmTag.RELEASE, "release", source);
        String arch = h.number(RpmTag.SOURCE_PACKAGE).orElse(0) != 0 ? "src" : required(h, RpmTag.ARCH, "arch", source);
        List<PackageFile> files = new ArrayList<>();
        Set<String> fileNames = new HashSet<>();
        readFiles(h, files, fileNames);
        long archiveSize = h.has(RpmTag.LONG_ARCHIVE_SIZE) ? h.number(RpmTag.LONG_ARCHIVE_SIZE).orElse(0)
                : sig.has(RpmTag.SIG_LONG_ARCHIVE_SIZE) ? sig.number(RpmTag.SIG_LONG_ARCHIVE_SIZE).orElse(0)
                : h.has(RpmTag.ARCHIVE_SIZE) ? h.number(RpmTag.ARCHIVE_SIZE).orElse(0)
                : sig.number(RpmTag.SIG_PAYLOAD_SIZE).orElse(0);
        long installedSize = h.has(RpmTag.LONG_SIZE) ? h.number(RpmTag.LONG_SIZE).orElse(0) : h.number(RpmTag.SIZE).orElse(0);
        PackageMetadata metadata = new PackageMetadata(name, arch, Long.toUnsignedString(h.number(RpmTag.EPOCH).orElse(0)),
                version, release, pkgid, text(h, RpmTag.SUMMARY), text(h, RpmTag.DESCRIPTION), text(h, RpmTag.PACKAGER),
                text(h, RpmTag.URL), h.number(RpmTag.BUILD_TIME).orElse(0), packageSize, installedSize, archiveSize,
                location, text(h, RpmTag.LICENSE), text(h, RpmTag.VENDOR), text(h, RpmTag.GROUP),
                text(h, RpmTag.BUILD_HOST), text(h, RpmTag.SOURCE_RPM), rpm.headerStart(), rpm.headerEnd(),
                readDependencies(h, fileNames, source), List.copyOf(files), readChangelog(h));
        requireNoControlCharacters(metadata, source);
        return metadata;
    }

    private static String required(Header h, int tag, String field, String source) {
        String value = h.string(tag);
        if (value == null || value.isEmpty()) {
            throw new RpmFormatException("the header of " + source + " has no " + field + " (tag " + tag + ")");
        }
        return value;
    }

    private static String text(Header h, int tag) {
        String value = h.string(tag);
        return value == null ? "" : value;
    }

    /** The file list, from the compressed form (dirnames, basenames, dirindexes) or rpm 3's full names. */
    private static void readFiles(Header h, List<PackageFile> files, Set<String> fileNames) {
        List<String> dirNames;
        List<String> baseNames;
        long[] dirIndexes;
        if (h.has(RpmTag.BASE_NAMES)) {
            dirNames = h.strings(RpmTag.DIR_NAMES);
            baseNames = h.strings(RpmTag.BASE_NAMES);
            dirIndexes = h.numbers(RpmTag.DIR_INDEXES);
            if (!h.has(RpmTag.DIR_INDEXES)) {
                return;
            }
        } else if (h.has(RpmTag.OLD_FILE_NAMES)) {
            // rpm compresses an old file list when it reads the header; so does this.
            List<String> full = h.strings(RpmTag.OLD_FILE_NAMES);
            dirNames = new ArrayList<>();
            baseNames = new ArrayList<>();
            dirIndexes = new long[full.size()];
            Map<String, Integer> dirIndex = new HashMap<>();
            for (int i = 0; i < full.size(); i++) {
                String path = full.get(i);
                int slash = path.lastIndexOf('/') + 1;
                String dir = path.substring(0, slash);
                dirIndexes[i] = dirIndex.computeIfAbsent(dir, d -> {
                    dirNames.add(d);
                    return dirNames.size() - 1;
                });
                baseNames.add(path.substring(slash));
            }
        } else {
            return;
        }
        if (!h.has(RpmTag.FILE_FLAGS) || !h.has(RpmTag.FILE_MODES) || !h.has(RpmTag.FILE_DIGESTS)) {
            return;
        }
        long[] flags = h.numbers(RpmTag.FILE_FLAGS);
        long[] modes = h.numbers(RpmTag.FILE_MODES);
        int count = Math.min(Math.min(baseNames.size(), dirIndexes.length), Math.min(flags.length, modes.length));
        count = Math.min(count, h.strings(RpmTag.FILE_DIGESTS).size());
        for (int i = 0; i < count; i++) {
            long index = dirIndexes[i];
            String dir = index < dirNames.size() ? dirNames.get((int) index) : "";
            String path = dir + baseNames.get(i);
            String type = (modes[i] & MODE_TYPE) == MODE_DIRECTORY ? "dir" : (flags[i] & FILE_GHOST) != 0 ? "ghost" : "";
            files.add(new PackageFile(path, type));
            fileNames.add(path);
        }
    }

    private static Map<DependencyKind, List<Dependency>> readDependencies(Header h, Set<String> fileNames, String source) {
        Map<DependencyKind, List<Dependency>> out = new EnumMap<>(DependencyKind.class);
        Set<String> provided = new HashSet<>();
        Map<String, RequireSeen> required = new HashMap<>();
        for (Source s : Source.values()) {
            if (!h.has(s.nameTag) || !h.has(s.flagsTag) || !h.has(s.versionTag)) {
                continue;
            }
            List<String> names = h.strings(s.nameTag);
            long[] flags = h.numbers(s.flagsTag);
            List<String> versions = h.strings(s.versionTag);
            int count = Math.min(names.size(), Math.min(flags.length, versions.size()));
            Dependency highestLibc = null;
            for (int i = 0; i < count; i++) {
                String name = names.get(i);
                String flag = flagName(flags[i]);
                String fullVersion = versions.get(i);
                boolean pre = false;
                if (s == Source.REQUIRES) {
                    if (name.startsWith("rpmlib(")
                            || name.startsWith("/") && fileNames.contains(name) && PackageMetadata.isPrimaryPath(name)
                            || provided.contains(name + flag + fullVersion)) {
                        continue;
                    }
                    pre = (flags[i] & SENSE_PRE) != 0;
                    RequireSeen seen = required.get(name);
                    if (seen != null && seen.equals(new RequireSeen(flag, fullVersion, pre))) {
                        continue;
                    }
                }
                Dependency d = dependency(name, flag, fullVersion, pre);
                if (d == null) {
                    continue; // createrepo_c skips a dependency whose epoch is not a number, with a warning
                }
                DependencyKind kind = s.kind;
                if (s == Source.REQUIRES && (flags[i] & SENSE_MISSINGOK) != 0) {
                    kind = DependencyKind.RECOMMENDS;
                    d = new Dependency(d.name(), d.flags(), d.epoch(), d.version(), d.release(), false);
                } else if (s == Source.OLD_SUGGESTS && (flags[i] & SENSE_STRONG) != 0) {
                    kind = DependencyKind.RECOMMENDS;
                } else if (s == Source.OLD_ENHANCES && (flags[i] & SENSE_STRONG) != 0) {
                    kind = DependencyKind.SUPPLEMENTS;
                } else if (s == Source.REQUIRES && name.startsWith("libc.so.6")) {
                    if (highestLibc == null || compareLibc(highestLibc.name(), name) == 2) {
                        highestLibc = d;
                    }
                    continue;
                } else if (s == Source.REQUIRES) {
                    required.put(name, new RequireSeen(flag, fullVersion, pre));
                } else if (s == Source.PROVIDES) {
                    provided.add(name + flag + fullVersion);
                }
                out.computeIfAbsent(kind, k -> new ArrayList<>()).add(d);
            }
            if (highestLibc != null) {
                out.computeIfAbsent(DependencyKind.REQUIRES, k -> new ArrayList<>()).add(highestLibc);
            }
        }
        out.replaceAll((k, v) -> List.copyOf(v));
        return out;
    }

    /** The comparison operator createrepo_c writes; "" for none or a combination it does not name. */
    private static String flagName(long flags) {
        return switch ((int) (flags & (SENSE_LESS | SENSE_GREATER | SENSE_EQUAL))) {
            case SENSE_LESS -> "LT";
            case SENSE_GREATER -> "GT";
            case SENSE_EQUAL -> "EQ";
            case SENSE_LESS | SENSE_EQUAL -> "LE";
            case SENSE_GREATER | SENSE_EQUAL -> "GE";
            default -> "";
        };
    }

    /** createrepo_c's split of "[epoch:]version[-release]"; null when the epoch is not a number. */
    private static Dependency dependency(String name, String flag, String full, boolean pre) {
        if (full.isEmpty()) {
            return new Dependency(name, flag, "", "", "", pre);
        }
        String epoch = "0";
        String rest = full;
        int colon = full.indexOf(':');
        if (colon >= 0) {
            String prefix = full.substring(0, colon);
            if (!prefix.isEmpty() && !NUMERIC_EPOCH.matcher(prefix).matches()) {
                return null;
            }
            epoch = prefix.isEmpty() ? "0" : prefix;
            rest = full.substring(colon + 1);
        }
        int dash = rest.indexOf('-');
        String version = dash >= 0 ? rest.substring(0, dash) : rest;
        String release = dash >= 0 ? rest.substring(dash + 1) : "";
        return new Dependency(name, flag, epoch, version, release, pre);
    }

    /**
     * createrepo_c's {@code cr_compare_dependency} for two libc.so.6 requires: 0 equal, 1 the
     * first is higher, 2 the second, by the version inside the first parentheses.
     */
    static int compareLibc(String first, String second) {
        int open1 = first.indexOf('(');
        int open2 = second.indexOf('(');
        if (open1 < 0 && open2 < 0) {
            return 0;
        }
        if (open1 < 0) {
            return 2;
        }
        if (open2 < 0) {
            return 1;
        }
        int close1 = first.indexOf(')', open1);
        int close2 = second.indexOf(')', open2);
        if (close1 < 0 && close2 < 0) {
            return -1;
        }
        if (close1 < 0) {
            return 2;
        }
        if (close2 < 0) {
            return 1;
        }
        int v1 = open1 + 1;
        int v2 = open2 + 1;
        if (v1 == close1 && v2 == close2) {
            return 0;
        }
        if (v1 == close1) {
            return 2;
        }
        if (v2 == close2) {
            return 1;
        }
        v1 = firstDigit(first, v1);
        v2 = firstDigit(second, v2);
        if (v1 > close1 && v2 > close2) {
            return 0;
        }
        if (v1 > close1) {
            return 2;
        }
        if (v2 > close2) {
            return 1;
        }
        int c = RpmVersions.compare(first.substring(v1, close1), second.substring(v2, close2));
        return c < 0 ? 2 : c > 0 ? 1 : 0;
    }

    private static int firstDigit(String s, int from) {
        int i = from;
        while (i < s.length() && (s.charAt(i) < '0' || s.charAt(i) > '9')) {
            i++;
        }
        return i;
    }

    private static List<ChangelogEntry> readChangelog(Header h) {
        if (!h.has(RpmTag.CHANGELOG_TIME) || !h.has(RpmTag.CHANGELOG_NAME) || !h.has(RpmTag.CHANGELOG_TEXT)) {
            return List.of();
        }
        long[] times = h.numbers(RpmTag.CHANGELOG_TIME);
        List<String> names = h.strings(RpmTag.CHANGELOG_NAME);
        List<String> texts = h.strings(RpmTag.CHANGELOG_TEXT);
        int count = Math.min(CHANGELOG_LIMIT, Math.min(times.length, Math.min(names.size(), texts.size())));
        long[] dates = new long[count];
        long lastTime = 0;
        for (int i = 0; i < count; i++) {
            dates[i] = times[i];
            // Equal times would make the entries ambiguous: createrepo_c moves the earlier-read ones up.
            if (times[i] == lastTime) {
                long moved = times[i];
                for (int j = i - 1; j >= 0 && dates[j] == moved; j--) {
                    dates[j]++;
                    moved++;
                }
            } else {
                lastTime = times[i];
            }
        }
        List<ChangelogEntry> out = new ArrayList<>(count);
        for (int i = count - 1; i >= 0; i--) {
            out.add(new ChangelogEntry(trimAuthor(names.get(i)), dates[i], texts.get(i)));
        }
        return List.copyOf(out);
    }

    /** Trailing spaces go, but never the first character (createrepo_c's loop stops at index 1). */
    private static String trimAuthor(String author) {
        int end = author.length();
        while (end > 1 && author.charAt(end - 1) == ' ') {
            end--;
        }
        return author.substring(0, end);
    }

    /**
     * createrepo_c refuses a package whose strings hold control characters other than tab,
     * line feed and carriage return (XML 1.0 cannot carry them); so does this.
     */
    private static void requireNoControlCharacters(PackageMetadata p, String source) {
        List<String> values = new ArrayList<>(List.of(p.name(), p.arch(), p.version(), p.release(), p.summary(),
                p.description(), p.url(), p.license(), p.vendor(), p.group(), p.buildHost(), p.sourceRpm(), p.packager(),
                p.location()));
        p.dependencies().values().forEach(list -> list.forEach(d -> values.addAll(List.of(d.name(), d.version(), d.release()))));
        p.files().forEach(f -> values.add(f.path()));
        p.changelogs().forEach(c -> values.addAll(List.of(c.author(), c.text())));
        for (String v : values) {
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c < 32 && c != '\t' && c != '\n' && c != '\r') {
                    throw new RpmFormatException("the header of " + source + " has control character " + (int) c + " in '"
                            + v.substring(0, Math.min(v.length(), 80)).replaceAll("\\p{Cntrl}", "?")
                            + "'; createrepo_c refuses such a package too");
                }
            }
        }
    }
}
