package dev.lazybuild.vfs.gomod;

import java.util.regex.Pattern;

/** The Go language versions go.mod's {@code go} directive names ({@code 1.21}, {@code 1.21.3}, {@code 1.21rc1}). */
final class GoVersion {
    /** As modfile's GoVersionRE: digits, one or two more numbers, an optional pre-release. */
    private static final Pattern VALID = Pattern.compile("([1-9][0-9]{0,8})\\.(0|[1-9][0-9]{0,8})(\\.(0|[1-9][0-9]{0,8}))?([a-z]+[0-9]{1,9})?");

    private GoVersion() { }

    static boolean isValid(String v) {
        return VALID.matcher(v).matches();
    }

    /** Whether the language version {@code v} is at least {@code floor} (major.minor only). */
    static boolean atLeast(String v, String floor) {
        int[] a = majorMinor(v);
        int[] b = majorMinor(floor);
        return a[0] != b[0] ? a[0] > b[0] : a[1] >= b[1];
    }

    private static int[] majorMinor(String v) {
        var m = VALID.matcher(v);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a go version: " + v);
        }
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }
}
