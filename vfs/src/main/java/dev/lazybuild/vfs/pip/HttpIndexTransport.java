package dev.lazybuild.vfs.pip;

import dev.lazybuild.fetch.http.HttpUpstream;
import dev.lazybuild.fetch.http.MirrorRules;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.List;

/**
 * The index reached as every download is: fetch's HTTP upstream (proxies, netrc credentials
 * for the index's host only, TLS) after the mirror rules, the mirror first and the index's own
 * URL after it.
 */
public final class HttpIndexTransport implements IndexTransport {
    /** PyPI's largest project pages are a few MB; a page beyond this is refused, not buffered. */
    private static final int MAX_PAGE_BYTES = 64 << 20;

    private final HttpUpstream http;
    private final MirrorRules mirrors;

    public HttpIndexTransport(HttpUpstream http, MirrorRules mirrors) {
        this.http = http;
        this.mirrors = mirrors;
    }

    @Override
    public Response get(URI url, String accept) throws IOException {
        List<URI> candidates = mirrors.candidates(url);
        IOException failure = null;
        Response last = null;
        for (URI candidate : candidates) {
            try {
                HttpUpstream.Page page = http.page(candidate, accept, MAX_PAGE_BYTES);
                // Links a mirror's page gives relative to itself resolve against the index's own URL,
                // so that the resolved files name the index and the mirror rules apply to them too.
                URI base = candidate.equals(url) || !page.finalUrl().equals(candidate) ? page.finalUrl() : url;
                last = new Response(page.status(), base, page.contentType(), page.body());
                if (page.status() == 200) {
                    return last;
                }
            } catch (IOException e) {
                failure = e;
            }
        }
        if (last != null) {
            return last;
        }
        throw failure;
    }

    @Override
    public void download(URI url, OutputStream out) throws IOException {
        List<URI> candidates = mirrors.candidates(url);
        for (int i = 0; ; i++) {
            CountingStream counted = new CountingStream(out);
            try {
                http.download(candidates.get(i), 0, counted);
                return;
            } catch (IOException e) {
                // The next candidate only while nothing was written: the caller hashes what it gets.
                if (i == candidates.size() - 1 || counted.written > 0) {
                    throw e;
                }
            }
        }
    }

    private static final class CountingStream extends OutputStream {
        private final OutputStream out;
        private long written;

        CountingStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            written++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            written += len;
        }
    }
}
