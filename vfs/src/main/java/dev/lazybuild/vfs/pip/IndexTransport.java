package dev.lazybuild.vfs.pip;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;

/**
 * How the resolver reaches a simple index: the same HTTP upstream that downloads files (mirrors,
 * netrc, proxies applied), seen through the two requests resolution needs. Implementations must
 * be safe for concurrent use: project pages are asked for in parallel.
 */
public interface IndexTransport {

    /**
     * A response to a GET.
     *
     * @param finalUrl the URL that answered, after redirects (relative links resolve against it)
     * @param contentType the Content-Type header, or null
     */
    record Response(int status, URI finalUrl, String contentType, byte[] body) { }

    /** GETs {@code url} with the given Accept header, following redirects; any status is returned, not thrown. */
    Response get(URI url, String accept) throws IOException;

    /**
     * Streams the content of {@code url} to {@code out}: only for a file whose digest the index
     * does not give, which Hermeto too downloads to check against the requirements file.
     */
    void download(URI url, OutputStream out) throws IOException;
}
