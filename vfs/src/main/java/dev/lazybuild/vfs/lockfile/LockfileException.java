package dev.lazybuild.vfs.lockfile;

import dev.lazybuild.fetch.LazybuildException;
import java.nio.file.Path;

/** A lockfile cannot be used as it is; the message names the file, the entry and the reason. */
public final class LockfileException extends LazybuildException {
    private static final long serialVersionUID = 1L;

    public LockfileException(String message) {
        super(Kind.LOCKFILE, message);
    }

    public LockfileException(String message, Throwable cause) {
        super(Kind.LOCKFILE, message, cause);
    }

    /** {@code <file>: <entry>: <reason>}, the shape every lockfile error takes. */
    public static LockfileException at(Path file, String entry, String reason) {
        return new LockfileException(file + ": " + (entry == null ? "" : entry + ": ") + reason);
    }
}
