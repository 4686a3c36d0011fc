package dev.lazybuild.fetch.http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;

/** Where bytes come from on a store miss: the lockfile's URL over HTTP, a mirror, a team tier. */
public interface Upstream extends AutoCloseable {

    /**
     * Writes the body of {@code url}, from byte {@code offset} on, to {@code out}.
     *
     * @return how many bytes were written
     * @throws IOException when the transfer fails; the caller decides whether to retry
     */
    long download(URI url, long offset, OutputStream out) throws IOException;

    /** The length of {@code url}'s content, asked without downloading it (HTTP HEAD). */
    long size(URI url) throws IOException;

    @Override
    default void close() throws IOException { }
}
