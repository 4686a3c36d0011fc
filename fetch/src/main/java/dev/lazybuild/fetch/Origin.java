package dev.lazybuild.fetch;

import java.io.IOException;
import java.io.OutputStream;

/** One way a {@link Source} can deliver a file: a URL of the upstream, an object of the team tier. */
public interface Origin {

    /** For messages: the URL, or the tier and its object. */
    String describe();

    /**
     * Whether a transfer can continue from where an earlier one stopped (HTTP Range). An origin
     * that delivers whole objects only is skipped while a partial download waits to be resumed.
     */
    boolean resumable();

    /**
     * Writes the content, from byte {@code offset} on, to {@code out}.
     *
     * @throws Source.Absent when the origin does not have it
     * @throws IOException when the transfer fails; the store decides whether to retry
     */
    void transfer(long offset, OutputStream out) throws IOException;
}
