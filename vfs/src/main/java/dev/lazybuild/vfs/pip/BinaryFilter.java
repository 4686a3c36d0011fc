package dev.lazybuild.vfs.pip;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Hermeto's pip {@code binary} filter ({@code PipBinaryFilters} in hermeto/core/models/input.py,
 * applied by {@code WheelsFilter} in package_distributions.py): which wheels to prefetch. Each
 * field is a comma-separated list or {@code :all:}; values of one field are ORed, fields ANDed;
 * matches are substring matches on the wheel's tags, as Hermeto's are.
 *
 * @param packages canonical names of the packages for which only wheels are taken, or null for
 *        {@code :all:} (wheels for every package, plus an sdist)
 * @param pyVersion {@code 312} for Python 3.12, or null for any
 * @param platform a regular expression searched in the platform tag, or null (then arch and os apply)
 */
public record BinaryFilter(Set<String> packages, Set<String> arch, Set<String> os, Integer pyVersion,
                           Set<String> pyImpl, Set<String> abi, String platform) {
    static final String ALL = ":all:";
    private static final Pattern INTERPRETER_VERSION = Pattern.compile("[a-z]+(\\d+)");
    private static final List<String> FIELDS = List.of("packages", "arch", "os", "py_version", "py_impl", "abi", "platform");

    /** {@code "binary": {}}: Hermeto's defaults (x86_64, linux, CPython, any ABI, every package). */
    public static BinaryFilter defaults() {
        return fromHermetoInput(Map.of());
    }

    /** What the deprecated {@code allow_binary: true} means: every wheel of every platform. */
    public static BinaryFilter allowBinary() {
        return fromHermetoInput(allowBinaryMap());
    }

    static Map<String, Object> allowBinaryMap() {
        return Map.of("arch", ALL, "os", ALL, "py_impl", ALL);
    }

    /**
     * The filter a Hermeto input's {@code binary} object gives, validated as Hermeto validates
     * it (unknown keys refused, lists trimmed, {@code platform} exclusive with arch/os).
     *
     * @throws IllegalArgumentException with Hermeto's reason
     */
    public static BinaryFilter fromHermetoInput(Map<String, ?> binary) {
        for (String key : binary.keySet()) {
            if (!FIELDS.contains(key)) {
                throw new IllegalArgumentException("binary -> " + key + ": extra inputs are not permitted (known: " + FIELDS + ")");
            }
        }
        String arch = list(binary, "arch", "x86_64");
        String os = list(binary, "os", "linux");
        Object pyVersion = binary.get("py_version");
        if (pyVersion instanceof Double d && d == Math.rint(d)) {
            pyVersion = d.longValue(); // pydantic's lax int: 312.0 is 312, 3.12 is refused
        }
        if (pyVersion != null && !(pyVersion instanceof Integer || pyVersion instanceof Long)) {
            throw new IllegalArgumentException("binary -> py_version: must be an integer such as 312, got '" + pyVersion + "'");
        }
        Object platform = binary.get("platform");
        if (platform != null) {
            if (!(platform instanceof String regex)) {
                throw new IllegalArgumentException("binary -> platform: must be a string (a regular expression)");
            }
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("binary -> platform: Invalid platform regex: " + regex);
            }
            if (!os.equals("linux") || !arch.equals("x86_64")) {
                throw new IllegalArgumentException("binary: Use either 'platform' (regex pattern) or 'os' with 'arch', but not both.");
            }
        }
        Set<String> packages = spec(list(binary, "packages", ALL));
        if (packages != null) {
            Set<String> canonical = new TreeSet<>();
            packages.forEach(p -> canonical.add(ProjectName.canonical(p)));
            packages = Collections.unmodifiableSet(canonical);
        }
        return new BinaryFilter(packages, spec(arch), spec(os),
                pyVersion == null ? null : ((Number) pyVersion).intValue(),
                spec(list(binary, "py_impl", "cp")), spec(list(binary, "abi", ALL)), (String) platform);
    }

    /** Whether Hermeto's WheelsFilter keeps this wheel; a name that is no valid wheel name is not kept. */
    boolean admits(String wheelFileName) {
        WheelName wheel = WheelName.parse(wheelFileName);
        return wheel != null && wheel.tags().stream().anyMatch(this::admits);
    }

    /** Whether only wheels are taken for this package (binary-only strategy), not sdists. */
    boolean onlyBinaryFor(String canonicalName) {
        return packages != null && packages.contains(canonicalName);
    }

    /** Whether wheels are taken for this package at all. */
    boolean binaryFor(String canonicalName) {
        return packages == null || packages.contains(canonicalName);
    }

    /** The options as a stable string, for the resolution cache key. */
    String key() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("packages", packages);
        m.put("arch", arch);
        m.put("os", os);
        m.put("py_version", pyVersion);
        m.put("py_impl", pyImpl);
        m.put("abi", abi);
        m.put("platform", platform);
        return m.toString();
    }

    private boolean admits(WheelName.Tag tag) {
        return interpreterMatches(tag.interpreter(), tag.abi()) && abiMatches(tag.abi()) && platformMatches(tag.platform());
    }

    private boolean platformMatches(String platform) {
        if (this.platform != null) {
            return Pattern.compile(this.platform).matcher(platform).find();
        }
        boolean anyPlatform = platform.equals("any");
        return (arch == null || anyPlatform || containsAny(platform, arch))
                && (os == null || anyPlatform || containsAny(platform, os));
    }

    private boolean abiMatches(String tagAbi) {
        return abi == null || tagAbi.equals("abi3") || tagAbi.equals("none") || containsAny(tagAbi, abi);
    }

    private boolean interpreterMatches(String interpreter, String tagAbi) {
        boolean implementation = pyImpl == null || interpreter.contains("py3") || containsAny(interpreter, pyImpl);
        if (!implementation) {
            return false;
        }
        if (pyVersion == null) {
            return true;
        }
        // Hermeto compares the first digit (the major version) and then the numbers: a wheel for
        // an older minor version fits only with a stable ABI (abi3) or none.
        String wanted = Integer.toString(pyVersion);
        for (String part : interpreter.split("\\.")) {
            var m = INTERPRETER_VERSION.matcher(part);
            if (!m.matches()) {
                continue;
            }
            String digits = m.group(1);
            long version = Long.parseLong(digits.length() > 18 ? digits.substring(0, 18) : digits);
            boolean sameMajor = Long.toString(version).charAt(0) == wanted.charAt(0);
            boolean older = version < pyVersion && (tagAbi.equals("abi3") || tagAbi.equals("none"));
            if (sameMajor && (version == pyVersion || older)) {
                return true;
            }
        }
        return false;
    }

    private static boolean containsAny(String value, Set<String> needles) {
        return needles.stream().anyMatch(value::contains);
    }

    /** A binary filter string as Hermeto's validator leaves it: trimmed, unique, non-empty items. */
    private static String list(Map<String, ?> binary, String key, String fallback) {
        Object value = binary.containsKey(key) ? binary.get(key) : fallback;
        if (!(value instanceof String s)) {
            throw new IllegalArgumentException("binary -> " + key + ": Binary filter must be a string, got "
                    + (value == null ? "null" : value.getClass().getSimpleName()));
        }
        Set<String> items = new LinkedHashSet<>();
        for (String item : s.split(",")) {
            if (!item.strip().isEmpty()) {
                items.add(item.strip());
            }
        }
        if (items.isEmpty()) {
            throw new IllegalArgumentException("binary -> " + key + ": Binary filter cannot contain only empty values");
        }
        return String.join(",", items);
    }

    /** null for {@code :all:} (also when {@code :all:} is one of the items), else the items. */
    private static Set<String> spec(String list) {
        // Sorted, so that key() is the same for the same options however they were spelled.
        Set<String> items = new TreeSet<>(List.of(list.split(",")));
        return items.contains(ALL) ? null : Collections.unmodifiableSet(items);
    }
}
