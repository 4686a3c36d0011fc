package dev.lazybuild.rpm.header;

import dev.lazybuild.fetch.LazybuildException;

/**
 * The bytes of an RPM's lead, signature header or header are not what the format allows, or
 * a header signature does not verify. The message names the package (its file name or URL)
 * and what is wrong; the bytes came from a server, so this is a download failure.
 */
public final class RpmFormatException extends LazybuildException {
    private static final long serialVersionUID = 1L;

    public RpmFormatException(String message) {
        super(Kind.FETCH, message);
    }

    public RpmFormatException(String message, Throwable cause) {
        super(Kind.FETCH, message, cause);
    }
}
