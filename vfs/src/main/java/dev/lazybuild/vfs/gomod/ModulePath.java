package dev.lazybuild.vfs.gomod;

import java.util.Locale;

/**
 * Go module paths: which ones are valid, and the case-escaping the module cache and the proxy
 * protocol use ({@code golang.org/x/mod/module}'s CheckPath and EscapePath): an upper-case
 * letter becomes '!' and its lower-case form, so {@code github.com/Azure/go} is stored as
 * {@code github.com/!azure/go} on case-insensitive file systems too.
 */
public final class ModulePath {
    private static final int MAX_LENGTH = 1024;

    private ModulePath() { }

    /**
     * Why {@code path} is not a module path Go accepts, or null when it is. Like CheckPath:
     * slash-separated elements of letters, digits and {@code -._~}, none empty, none starting or
     * ending with a dot; the first element a lower-case host name with a dot.
     */
    public static String problemWith(String path) {
        if (path == null || path.isEmpty()) {
            return "is empty";
        }
        if (path.length() > MAX_LENGTH) {
            return "is longer than " + MAX_LENGTH + " characters";
        }
        String[] elements = path.split("/", -1);
        for (String e : elements) {
            if (e.isEmpty()) {
                return "has an empty path element (a leading, trailing or double '/')";
            }
            if (e.startsWith(".") || e.endsWith(".")) {
                return "has an element that starts or ends with a dot: '" + e + "'";
            }
            for (int i = 0; i < e.length(); i++) {
                char c = e.charAt(i);
                if (!(c < 0x80 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0))) {
                    return "has an invalid character " + describe(c);
                }
            }
        }
        String host = elements[0];
        if (host.indexOf('.') < 0) {
            return "does not start with a host name (its first element '" + host + "' has no dot)";
        }
        if (host.startsWith("-") || !host.equals(host.toLowerCase(Locale.ROOT)) || host.indexOf('_') >= 0
                || host.indexOf('~') >= 0) {
            return "has an invalid host name '" + host + "' (lower-case letters, digits, dots and dashes)";
        }
        return null;
    }

    private static String describe(char c) {
        return Character.isISOControl(c) || Character.isWhitespace(c)
                ? String.format("U+%04X", (int) c) : "'" + c + "'";
    }

    /** EscapePath/EscapeVersion: every upper-case ASCII letter becomes '!' + its lower-case form. */
    public static String escape(String pathOrVersion) {
        StringBuilder b = new StringBuilder(pathOrVersion.length() + 8);
        for (int i = 0; i < pathOrVersion.length(); i++) {
            char c = pathOrVersion.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                b.append('!').append((char) (c + ('a' - 'A')));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
