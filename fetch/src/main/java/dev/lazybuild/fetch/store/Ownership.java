package dev.lazybuild.fetch.store;

import dev.lazybuild.fetch.Host;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;

/**
 * What the store trusts on disk: a file or directory itself (never a symbolic link) that
 * belongs to the user this process runs as. Java 17 has no {@code openat}, and
 * {@code NOFOLLOW_LINKS} covers only the last component of a path, so the store's defence
 * against files planted by someone else is that every directory of the cache is the user's
 * own and closed to others (0700), and every entry it uses is checked with {@code lstat}.
 */
final class Ownership {
    static final Set<PosixFilePermission> OBJECT = PosixFilePermissions.fromString("r--r--r--");

    private Ownership() { }

    static int uid() {
        return Host.uid();
    }

    /** A link, a foreign owner or a mode that lets others write: why {@code p} is not the user's own, or null. */
    static String problem(Path p, boolean directory) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,isSymbolicLink,isDirectory,isRegularFile",
                LinkOption.NOFOLLOW_LINKS);
        if ((Boolean) a.get("isSymbolicLink")) {
            return "a symbolic link";
        }
        if (directory ? !(Boolean) a.get("isDirectory") : !(Boolean) a.get("isRegularFile")) {
            return directory ? "not a directory" : "not a regular file";
        }
        int owner = (Integer) a.get("uid");
        if (owner != Host.uid()) {
            return "owned by uid " + owner + ", not by this user (uid " + Host.uid() + ")";
        }
        int mode = (Integer) a.get("mode") & 07777;
        if ((mode & 022) != 0) {
            return "writable by others (mode " + String.format("%04o", mode) + ")";
        }
        return null;
    }

    /** Whether {@code p} is a regular file of the user's, not a link, that only the user may write. */
    static boolean ownedRegularFile(Path p) {
        try {
            return problem(p, false) == null;
        } catch (IOException e) {
            return false; // absent or unreadable: not something to serve
        }
    }

    /** Whether {@code p} is a directory of the user's, not a link, that only the user may write. */
    static boolean ownedDirectory(Path p) {
        try {
            return problem(p, true) == null;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether anything, a dangling link included, is at {@code p}. */
    static boolean present(Path p) {
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
    }
}
