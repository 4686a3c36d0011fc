package dev.lazybuild.vfs.lockfile;

import dev.lazybuild.fetch.LazybuildException;
import dev.lazybuild.fetch.Printable;
import java.nio.file.Path;

/**
 * A lockfile cannot be used as it is; the message names the file, the entry and the reason.
 * The message quotes the lockfile, so it is made printable here, once for every reader: a
 * name holding ESC or U+202E reaches the terminal as {@code \x1b} or {@code \u202e}, and a
 * URL's {@code user:password@} as {@code ***@}, wherever the message quotes it.
 */
public final class LockfileException extends LazybuildException {
    private static final long serialVersionUID = 1L;

    public LockfileException(String message) {
        super(Kind.LOCKFILE, Printable.url(message));
    }

    public LockfileException(String message, Throwable cause) {
        super(Kind.LOCKFILE, Printable.url(message), cause);
    }

    /** {@code <file>: <entry>: <reason>}, the shape every lockfile error takes. */
    public static LockfileException at(Path file, String entry, String reason) {
        return new LockfileException(file + ": " + (entry == null ? "" : entry + ": ") + reason);
    }
}
