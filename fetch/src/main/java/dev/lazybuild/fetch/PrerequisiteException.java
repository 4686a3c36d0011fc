package dev.lazybuild.fetch;

/** A program or kernel facility lazybuild needs is missing; the message says how to install it. */
public final class PrerequisiteException extends LazybuildException {
    private static final long serialVersionUID = 1L;

    public PrerequisiteException(String message) {
        super(Kind.PREREQUISITE, message);
    }

    public PrerequisiteException(String message, Throwable cause) {
        super(Kind.PREREQUISITE, message, cause);
    }
}
