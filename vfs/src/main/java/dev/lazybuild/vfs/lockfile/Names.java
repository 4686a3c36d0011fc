package dev.lazybuild.vfs.lockfile;

import java.nio.charset.StandardCharsets;

/**
 * What makes a lockfile-supplied file name safe to expose in the mount. The readers check
 * each path they make, so a refusal names the lockfile entry; the tree checks again, as
 * every path it is given must be safe whoever made it.
 */
public final class Names {
    private static final int NAME_MAX = 255;

    private Names() { }

    /** Why {@code name} cannot be one path segment, or null when it can. */
    public static String problemWith(String name) {
        if (name.isEmpty()) {
            return "empty path segment";
        }
        if (name.equals(".") || name.equals("..")) {
            return "'" + name + "' would leave its directory";
        }
        if (name.indexOf('/') >= 0) {
            return "contains '/'";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == 0) {
                return "contains a NUL character";
            }
            if (Character.isISOControl(c)) {
                return "contains a control character";
            }
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > NAME_MAX) {
            return "longer than " + NAME_MAX + " bytes";
        }
        return null;
    }

    /**
     * {@code path} without a leading '/', when every segment is safe; else a
     * {@link LockfileException} naming {@code origin}. Rejects what could escape the mount or
     * confuse a shell: empty, '.', '..', NUL, control characters.
     */
    public static String checkedPath(String path, String origin) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.isEmpty()) {
            throw new LockfileException(origin + ": empty file name");
        }
        for (String segment : p.split("/", -1)) {
            String problem = problemWith(segment);
            if (problem != null) {
                throw new LockfileException(origin + ": unsafe path '" + printable(path) + "': " + problem);
            }
        }
        return p;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                b.append(String.format("\\x%02x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }
}
