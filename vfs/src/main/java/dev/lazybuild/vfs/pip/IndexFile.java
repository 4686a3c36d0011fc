package dev.lazybuild.vfs.pip;

import java.net.URI;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One file a simple index lists for a project, read as pypi_simple's {@code DistributionPackage}:
 * its type and version come from its file name.
 *
 * @param url where to download it, without the digest fragment
 * @param digests what the index says it hashes to: algorithm name to hex (empty when the index gives none)
 * @param size its length from PEP 700's {@code size}, or -1 when the index does not say
 */
record IndexFile(String fileName, URI url, Map<String, String> digests, boolean yanked, long size) {

    /** Distribution types Hermeto looks at; every other file on the page is skipped. */
    enum Type { WHEEL, SDIST }

    // pypi_simple's filename grammar (filenames.py): unambiguous for wheels, for sdists helped by the project name.
    private static final Pattern WHEEL = Pattern.compile(
            "^(?<project>[A-Za-z0-9](?:[A-Za-z0-9._]*[A-Za-z0-9])?)-(?<version>[A-Za-z0-9_.!+]+?)(-[0-9][^-]*?)?-.+?-.+?-.+?\\.whl$");
    private static final String ARCHIVE = "\\.(?:tar|tar\\.(?:bz2|gz|lz|lzma|xz|Z)|tbz|tgz|tlz|txz|zip)";
    private static final Pattern SDIST_AFTER_NAME = Pattern.compile("-(?<version>[A-Za-z0-9_.!+-]+?)" + ARCHIVE + "$");
    private static final Pattern SDIST_ANY_NAME = Pattern.compile(
            "^(?<project>[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)-(?<version>[A-Za-z0-9_.!+-]+?)" + ARCHIVE + "$");
    // Other types pypi_simple knows, so a file of such a type is not read as an sdist.
    private static final Pattern OTHER_TYPES = Pattern.compile("\\.(?:egg|rpm|msi|exe)$");
    // A "dumb" binary archive, name-version.platform.tar.gz: no sdist.
    private static final Pattern BINARY_ARCHIVE = Pattern.compile(".*-[^-]*\\.(?:linux|macosx|win|darwin|cygwin).*");

    IndexFile {
        digests = Map.copyOf(digests);
    }

    /** The type, or null for a file Hermeto ignores (an egg, an installer, an unparsable name). */
    Type type(Pattern project) {
        return version(project) == null ? null : WHEEL.matcher(fileName).matches() ? Type.WHEEL : Type.SDIST;
    }

    /**
     * The project name as a pattern for {@link #version}: any run of separators matches any
     * other, letters match in either case.
     */
    static Pattern projectPattern(String project) {
        return Pattern.compile("^" + project.replaceAll("[^A-Za-z0-9]+", "[-_.]+").replaceAll("([A-Za-z])", "(?i:$1)") + "(?=-)");
    }

    /** The version the file name says, or null when the name is not one of a wheel or an sdist. */
    String version(Pattern project) {
        Matcher wheel = WHEEL.matcher(fileName);
        if (wheel.matches()) {
            return wheel.group("version");
        }
        if (OTHER_TYPES.matcher(fileName).find() || BINARY_ARCHIVE.matcher(fileName).matches()) {
            return null;
        }
        Matcher name = project.matcher(fileName);
        if (name.find()) {
            Matcher rest = SDIST_AFTER_NAME.matcher(fileName.substring(name.end()));
            if (rest.matches()) {
                return rest.group("version");
            }
        }
        Matcher any = SDIST_ANY_NAME.matcher(fileName);
        return any.matches() ? any.group("version") : null;
    }
}
