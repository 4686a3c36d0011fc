package dev.lazybuild.fetch.http;

import dev.lazybuild.fetch.ClientTls;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.OptionalLong;

/** Where bytes come from on a store miss: the lockfile's URL over HTTP, a mirror, a team tier. */
public interface Upstream extends AutoCloseable {

    /**
     * Writes the body of {@code url}, from byte {@code offset} on, to {@code out}.
     *
     * @return how many bytes were written
     * @throws IOException when the transfer fails; the caller decides whether to retry
     */
    long download(URI url, long offset, OutputStream out) throws IOException;

    /**
     * Bytes {@code [from, from + length)} of {@code url}'s content, fewer where it ends (an
     * HTTP Range request): for reading the start of a file without downloading all of it.
     *
     * @throws RangeNotHonoured when the server sends the whole file or refuses the range
     * @throws IOException when the transfer fails; the caller decides whether to retry
     */
    default byte[] read(URI url, long from, int length) throws IOException {
        throw new RangeNotHonoured(url, "is not an HTTP upstream");
    }

    /**
     * The length of {@code url}'s content as the server announces it, without downloading it
     * (HTTP HEAD): a hint only, empty when the server gives none or a malformed one.
     */
    OptionalLong size(URI url) throws IOException;

    /**
     * This upstream fetching with {@code tls} (a client certificate, a CA bundle); an upstream
     * without TLS of its own has nothing to change and returns itself.
     */
    default Upstream withTls(ClientTls tls) {
        return this;
    }

    @Override
    default void close() throws IOException { }
}
