package dev.lazybuild.vfs.pip;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEP 440 version normalisation as {@code packaging.utils.canonicalize_version} does it, which
 * Hermeto uses to match an index file's version to the pinned one ({@code 1.0} = {@code 1.0.0},
 * {@code 2.0RC1} = {@code 2.0rc1}, {@code 1.0-1} = {@code 1.0.post1}).
 */
final class Pep440 {
    // The regular expression of PEP 440's appendix, for the public and local parts.
    private static final Pattern VERSION = Pattern.compile(
            "\\s*v?(?:(?:(?<epoch>[0-9]+)!)?(?<release>[0-9]+(?:\\.[0-9]+)*)"
                    + "(?<pre>[-_.]?(?<prel>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<pren>[0-9]+)?)?"
                    + "(?<post>(?:-(?<postn1>[0-9]+))|(?:[-_.]?(?<postl>post|rev|r)[-_.]?(?<postn2>[0-9]+)?))?"
                    + "(?<dev>[-_.]?(?<devl>dev)[-_.]?(?<devn>[0-9]+)?)?)"
                    + "(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?\\s*",
            Pattern.CASE_INSENSITIVE);

    private Pep440() { }

    /** The canonical form of a valid version, with trailing {@code .0} release parts dropped; anything else unchanged. */
    static String canonical(String version) {
        Matcher m = VERSION.matcher(version);
        if (!m.matches()) {
            return version;
        }
        StringBuilder out = new StringBuilder();
        if (m.group("epoch") != null && Long.parseLong(m.group("epoch")) != 0) {
            out.append(Long.parseLong(m.group("epoch"))).append('!');
        }
        String[] parts = m.group("release").split("\\.");
        int last = parts.length - 1;
        while (last > 0 && isZero(parts[last])) {
            last--;
        }
        for (int i = 0; i <= last; i++) {
            out.append(i > 0 ? "." : "").append(number(parts[i]));
        }
        if (m.group("pre") != null) {
            String label = m.group("prel").toLowerCase(Locale.ROOT);
            out.append(switch (label) {
                case "alpha", "a" -> "a";
                case "beta", "b" -> "b";
                default -> "rc";
            }).append(number(m.group("pren")));
        }
        if (m.group("post") != null) {
            out.append(".post").append(number(m.group("postn1") != null ? m.group("postn1") : m.group("postn2")));
        }
        if (m.group("dev") != null) {
            out.append(".dev").append(number(m.group("devn")));
        }
        if (m.group("local") != null) {
            out.append('+').append(m.group("local").toLowerCase(Locale.ROOT).replaceAll("[-_]", "."));
        }
        return out.toString();
    }

    /** Whether a version is valid PEP 440, as wheel file names must carry. */
    static boolean valid(String version) {
        return VERSION.matcher(version).matches();
    }

    private static boolean isZero(String digits) {
        return digits.chars().allMatch(c -> c == '0');
    }

    private static String number(String digits) {
        if (digits == null) {
            return "0";
        }
        return digits.replaceFirst("^0+(?=.)", "");
    }
}
