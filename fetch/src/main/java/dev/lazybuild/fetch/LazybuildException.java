package dev.lazybuild.fetch;

/**
 * An expected failure whose message is written for the user: what failed, where (file and
 * entry, or URL) and what to do. The command line maps {@link #kind()} to an exit code and
 * prints only the message unless asked for the stack trace.
 */
public class LazybuildException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, from the user's point of view; each kind has its own exit code. */
    public enum Kind { LOCKFILE, FETCH, PREREQUISITE, CONFIG }

    private final Kind kind;

    public LazybuildException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public LazybuildException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
