package dev.lazybuild.fetch;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * A directory only this user can enter (0700), made or checked in one place for the cache and
 * the runtime directories. Whoever else could write into such a directory could plant links
 * and content that lazybuild would then trust or write through (as root, anywhere), or reach
 * the build's mount; so one another user owns is refused, never used.
 */
public final class PrivateDirectory {
    public static final Set<PosixFilePermission> MODE = PosixFilePermissions.fromString("rwx------");

    private PrivateDirectory() { }

    /**
     * Makes {@code dir} (0700; its parent must exist) or checks the one there: it must be a
     * directory this user owns; one left open to others (as older lazybuilds made them) is closed.
     *
     * @param followLink whether {@code dir} may be the user's link to a directory elsewhere
     *        (a cache moved to another disk); else a link is refused
     * @throws NotPrivate when it is a link (not followed), not a directory, or another user's
     */
    public static void make(Path dir, boolean followLink) throws IOException {
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(MODE));
        } catch (FileAlreadyExistsException e) {
            // checked below
        }
        if (!followLink && Files.isSymbolicLink(dir)) {
            throw new NotPrivate(dir + " is a symbolic link, not a directory");
        }
        Path real = dir.toRealPath();
        if (!Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
            throw new NotPrivate(dir + " is not a directory");
        }
        int owner = (Integer) Files.getAttribute(real, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (owner != Host.uid()) {
            throw new NotPrivate(real + " is owned by uid " + owner + ", not by this user (uid " + Host.uid() + ")");
        }
        if (!Files.getPosixFilePermissions(real, LinkOption.NOFOLLOW_LINKS).equals(MODE)) {
            Files.setPosixFilePermissions(real, MODE);
        }
    }

    /** The directory is not this user's own. */
    public static final class NotPrivate extends IOException {
        private static final long serialVersionUID = 1L;

        NotPrivate(String message) {
            super(message);
        }
    }
}
