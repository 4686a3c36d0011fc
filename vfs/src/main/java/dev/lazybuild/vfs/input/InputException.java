package dev.lazybuild.vfs.input;

import dev.lazybuild.fetch.LazybuildException;

/**
 * Prefetch inputs cannot be used as given: a bad {@code --prefetch-input}, a PipelineRun whose
 * {@code prefetch-input} Hermeto would refuse, a type lazybuild does not read yet. The message
 * names where the input came from (flag, file and param) and the entry. Same exit status as a
 * lockfile that cannot be used: to the user both are "the inputs of this build are wrong".
 */
public final class InputException extends LazybuildException {
    private static final long serialVersionUID = 1L;

    public InputException(String message) {
        super(Kind.LOCKFILE, message);
    }

    public InputException(String message, Throwable cause) {
        super(Kind.LOCKFILE, message, cause);
    }
}
