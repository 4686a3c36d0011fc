package dev.lazybuild.fetch;

/** A download failed or its content did not match the lockfile. */
public final class FetchException extends LazybuildException {
    private static final long serialVersionUID = 1L;

    public FetchException(String message) {
        super(Kind.FETCH, message);
    }

    public FetchException(String message, Throwable cause) {
        super(Kind.FETCH, message, cause);
    }
}
