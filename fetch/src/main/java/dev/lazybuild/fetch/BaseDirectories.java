package dev.lazybuild.fetch;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where lazybuild keeps its files, by the XDG base directory rules: an explicit variable, else
 * {@code $XDG_*_HOME/lazybuild}, else a directory under the home.
 *
 * <p>The home comes from {@code HOME} first and the JVM's {@code user.home} only without it: a
 * rootless build re-runs lazybuild as root of podman's user namespace, where {@code user.home}
 * is /root (unreadable there) while {@code HOME} is still the user's.
 */
public final class BaseDirectories {
    private BaseDirectories() { }

    public static Path home(Map<String, String> env) {
        String home = env.get("HOME");
        return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"));
    }

    /**
     * {@code $override}, else {@code $xdgVariable/lazybuild}, else {@code ~/underHome/lazybuild}.
     *
     * @param override the LAZYBUILD_* variable that names the directory outright, or null
     */
    public static Path of(Map<String, String> env, String override, String xdgVariable, String underHome) {
        String explicit = override == null ? null : env.get(override);
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = env.get(xdgVariable);
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "lazybuild");
        }
        return home(env).resolve(underHome).resolve("lazybuild");
    }
}
