package dev.lazybuild.vfs.gomod;

import java.util.Comparator;
import java.util.regex.Pattern;

/**
 * One version of one Go module, as go.mod's {@code require} and go.sum's lines name it
 * ({@code golang.org/x/text v0.14.0}). Both parts are checked when made, so a value of this
 * type is always safe to turn into a path of the module cache.
 */
public record ModuleVersion(String path, String version) implements Comparable<ModuleVersion> {

    /** Semantic versions as Go's module versions spell them: {@code v1.2.3}, pre-release and build allowed. */
    private static final Pattern CANONICAL = Pattern.compile(
            "v(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)"
            + "(-[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?(\\+[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?");

    private static final Comparator<ModuleVersion> ORDER =
            Comparator.comparing(ModuleVersion::path).thenComparing(ModuleVersion::version, ModuleVersion::compareVersions);

    public ModuleVersion {
        String pathProblem = ModulePath.problemWith(path);
        if (pathProblem != null) {
            throw new IllegalArgumentException("module path '" + path + "' " + pathProblem);
        }
        if (!isCanonical(version)) {
            throw new IllegalArgumentException("'" + version + "' is not a canonical module version (vMAJOR.MINOR.PATCH)"
                    + " of " + path);
        }
    }

    /** Whether {@code v} is a full semantic version as go.mod must name it (not a branch or a query). */
    public static boolean isCanonical(String v) {
        return v != null && v.length() <= 200 && CANONICAL.matcher(v).matches();
    }

    /**
     * Go's {@code semver.Compare}: numeric major, minor, patch; a pre-release sorts before its
     * release; build metadata ({@code +incompatible}) does not count.
     */
    public static int compareVersions(String a, String b) {
        String[] x = core(a);
        String[] y = core(b);
        for (int i = 0; i < 3; i++) {
            int c = compareNumbers(x[i], y[i]);
            if (c != 0) {
                return c;
            }
        }
        return comparePrerelease(x[3], y[3]);
    }

    /** {@code [major, minor, patch, prerelease or ""]}. */
    private static String[] core(String v) {
        String s = v.substring(1);
        int plus = s.indexOf('+');
        if (plus >= 0) {
            s = s.substring(0, plus);
        }
        int dash = s.indexOf('-');
        String pre = dash >= 0 ? s.substring(dash + 1) : "";
        String[] nums = (dash >= 0 ? s.substring(0, dash) : s).split("\\.");
        return new String[] {nums[0], nums[1], nums[2], pre};
    }

    private static int compareNumbers(String a, String b) {
        // Canonical numbers have no leading zeros: the longer one is larger.
        return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }

    private static int comparePrerelease(String a, String b) {
        if (a.equals(b)) {
            return 0;
        }
        if (a.isEmpty()) {
            return 1;
        }
        if (b.isEmpty()) {
            return -1;
        }
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            boolean xn = x[i].chars().allMatch(Character::isDigit);
            boolean yn = y[i].chars().allMatch(Character::isDigit);
            int c;
            if (xn && yn) {
                c = compareNumbers(x[i], y[i]);
            } else if (xn != yn) {
                c = xn ? -1 : 1; // numeric identifiers sort before alphanumeric ones
            } else {
                c = x[i].compareTo(y[i]);
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    /** {@code path@version}, as the go command and module zips name a module version. */
    @Override
    public String toString() {
        return path + "@" + version;
    }

    @Override
    public int compareTo(ModuleVersion o) {
        return ORDER.compare(this, o);
    }
}
