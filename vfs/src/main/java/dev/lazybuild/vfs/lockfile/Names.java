package dev.lazybuild.vfs.lockfile;

import dev.lazybuild.fetch.Printable;
import java.nio.charset.StandardCharsets;

/**
 * What makes a lockfile-supplied file name safe to expose in the mount. The readers check
 * each path they make, so a refusal names the lockfile entry; the tree checks again, as
 * every path it is given must be safe whoever made it.
 */
public final class Names {
    /** Linux's NAME_MAX: a longer segment fails with ENAMETOOLONG wherever it is created. */
    private static final int NAME_MAX = 255;
    /**
     * Half of Linux's PATH_MAX (4096), so the mount point on the host and /cachi2/output in
     * the build still fit in front of the path.
     */
    static final int PATH_MAX = 2048;
    /**
     * Far deeper than any package manager nests (Hermeto's deepest is
     * deps/npm/external-@s/n/...); bounds the work per path and the recursion of whatever
     * walks the tree.
     */
    static final int DEPTH_MAX = 64;

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
        if (name.indexOf(0) >= 0) {
            return "contains a NUL character";
        }
        int unsafe = Printable.firstUnsafe(name);
        if (unsafe >= 0) {
            return "contains a control character (" + Printable.escape(Character.toString(unsafe)) + ")";
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > NAME_MAX) {
            return "longer than " + NAME_MAX + " bytes";
        }
        return null;
    }

    /**
     * {@code path} without a leading '/', when every segment is safe; else a
     * {@link LockfileException} naming {@code origin}. Rejects what could escape the mount or
     * confuse a shell or a terminal: empty, '.', '..', NUL, control and bidi characters, and
     * paths too long or too deep for the file system.
     */
    public static String checkedPath(String path, String origin) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.isEmpty()) {
            throw new LockfileException(origin + ": empty file name");
        }
        String[] segments = p.split("/", -1);
        if (segments.length > DEPTH_MAX) {
            throw new LockfileException(origin + ": unsafe path '" + abbreviated(path) + "': " + segments.length
                    + " levels deep, more than " + DEPTH_MAX);
        }
        if (p.getBytes(StandardCharsets.UTF_8).length > PATH_MAX) {
            throw new LockfileException(origin + ": unsafe path '" + abbreviated(path) + "': longer than "
                    + PATH_MAX + " bytes");
        }
        for (String segment : segments) {
            String problem = problemWith(segment);
            if (problem != null) {
                throw new LockfileException(origin + ": unsafe path '" + Printable.escape(path) + "': " + problem);
            }
        }
        return p;
    }

    /** {@code text} short enough for a one-line message, escaped: a lockfile's name or path as an error quotes it. */
    public static String abbreviated(String text) {
        return Printable.escape(text.length() <= 80 ? text : text.substring(0, 60) + "...(" + text.length() + " characters)");
    }
}
