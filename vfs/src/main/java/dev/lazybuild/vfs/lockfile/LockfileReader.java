package dev.lazybuild.vfs.lockfile;

import java.nio.file.Path;
import java.util.List;

/** Turns one lockfile into the files it puts in the tree. Strict about structure, lenient about unknown keys. */
interface LockfileReader {
    /**
     * @throws LockfileException naming the file and the entry when the lockfile cannot be used
     */
    List<LockedFile> read(Path file);
}
