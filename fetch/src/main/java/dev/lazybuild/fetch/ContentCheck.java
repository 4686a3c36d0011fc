package dev.lazybuild.fetch;

import java.nio.file.Path;

/**
 * A check of downloaded content that hashing the bytes as they arrive cannot do, run on the
 * complete file before the store renames it into place (so a failing file is never served, and
 * a stored one is never checked again). Go module files need it: go.sum's h1 of a zip hashes the
 * files inside the zip, and a .info has no hash at all.
 */
@FunctionalInterface
public interface ContentCheck {
    /**
     * @param content the complete downloaded file, not yet in the store
     * @return why it must not be stored, written for the user (naming what it is), or null when it may
     */
    String problemWith(Path content);
}
