package dev.lazybuild.rpm;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The options every generated repo section carries besides its {@code baseurl}: those that do
 * not come from the lockfile. Hermeto writes {@code gpgcheck=1} and nothing else, so that is
 * the default; a configuration file or {@code --repo-option} may change or add to it.
 */
public record RepoOptions(Map<String, String> values) {
    public static final RepoOptions DEFAULT = new RepoOptions(Map.of("gpgcheck", "1"));

    public RepoOptions {
        values = Map.copyOf(values);
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (!e.getKey().matches("[A-Za-z0-9_]+") || e.getKey().equals("baseurl")) {
                throw new IllegalArgumentException("'" + e.getKey() + "' cannot be set as a repo option"
                        + (e.getKey().equals("baseurl") ? " (lazybuild sets baseurl to the mount)" : ""));
            }
            if (e.getValue().indexOf('\n') >= 0 || e.getValue().indexOf('\r') >= 0) {
                throw new IllegalArgumentException("the value of repo option '" + e.getKey() + "' has a line break");
            }
        }
    }

    /** These options with {@code changes} applied over them (later wins). */
    public RepoOptions with(Map<String, String> changes) {
        Map<String, String> merged = new LinkedHashMap<>(values);
        merged.putAll(changes);
        return new RepoOptions(merged);
    }
}
