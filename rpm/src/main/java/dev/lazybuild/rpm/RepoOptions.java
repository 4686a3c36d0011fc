package dev.lazybuild.rpm;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The options every generated repo section carries besides its {@code baseurl}: those that do
 * not come from the lockfile. Hermeto writes {@code gpgcheck=1} and nothing else, so that is
 * the default; a configuration file or {@code --repo-option} may change or add to it. An rpm
 * input's {@code options.dnf} adds options for single repoids, as Hermeto's inject-files puts
 * them into that repoid's section (names lowercased, as its ConfigParser writes them); they
 * win over the others there, as in Hermeto's file.
 *
 * @param values options for every section
 * @param perRepoid options for one repoid's section
 */
public record RepoOptions(Map<String, String> values, Map<String, Map<String, String>> perRepoid) {
    public static final RepoOptions DEFAULT = new RepoOptions(Map.of("gpgcheck", "1"));

    public RepoOptions {
        values = checked(values);
        Map<String, Map<String, String>> repos = new LinkedHashMap<>();
        perRepoid.forEach((repoid, options) -> repos.put(repoid, checked(options)));
        perRepoid = Map.copyOf(repos);
    }

    public RepoOptions(Map<String, String> values) {
        this(values, Map.of());
    }

    /** These options with {@code changes} applied over them (later wins). */
    public RepoOptions with(Map<String, String> changes) {
        Map<String, String> merged = new LinkedHashMap<>(values);
        merged.putAll(changes);
        return new RepoOptions(merged, perRepoid);
    }

    /** These options with an input's {@code options.dnf}: per repoid, names lowercased. */
    public RepoOptions withRepoidOptions(Map<String, Map<String, String>> dnf) {
        Map<String, Map<String, String>> merged = new LinkedHashMap<>(perRepoid);
        dnf.forEach((repoid, options) -> {
            Map<String, String> lowered = new LinkedHashMap<>();
            options.forEach((k, v) -> lowered.put(k.toLowerCase(Locale.ROOT), v));
            merged.put(repoid, lowered);
        });
        return new RepoOptions(values, merged);
    }

    /** The options of one repoid's section. */
    Map<String, String> forRepoid(String repoid) {
        Map<String, String> merged = new LinkedHashMap<>(values);
        merged.putAll(perRepoid.getOrDefault(repoid, Map.of()));
        return merged;
    }

    private static Map<String, String> checked(Map<String, String> options) {
        for (Map.Entry<String, String> e : options.entrySet()) {
            if (!e.getKey().matches("[A-Za-z0-9_]+") || e.getKey().equals("baseurl")) {
                throw new IllegalArgumentException("'" + e.getKey() + "' cannot be set as a repo option"
                        + (e.getKey().equals("baseurl") ? " (lazybuild sets baseurl to the mount)" : ""));
            }
            if (e.getValue().indexOf('\n') >= 0 || e.getValue().indexOf('\r') >= 0) {
                throw new IllegalArgumentException("the value of repo option '" + e.getKey() + "' has a line break");
            }
        }
        return Map.copyOf(options);
    }
}
