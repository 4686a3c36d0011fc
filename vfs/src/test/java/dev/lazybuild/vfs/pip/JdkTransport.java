package dev.lazybuild.vfs.pip;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The index transport for unit tests, on the JDK's HTTP client against loopback servers; the
 * product wires the resolver to fetch's HTTP upstream instead (mirrors, netrc, proxies).
 */
final class JdkTransport implements IndexTransport {
    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
    final AtomicInteger pages = new AtomicInteger();
    final AtomicInteger downloads = new AtomicInteger();

    @Override
    public Response get(URI url, String accept) throws IOException {
        pages.incrementAndGet();
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(url).header("Accept", accept).build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Response(r.statusCode(), r.uri(), r.headers().firstValue("Content-Type").orElse(null), r.body());
    }

    @Override
    public void download(URI url, OutputStream out) throws IOException {
        downloads.incrementAndGet();
        HttpResponse<InputStream> r = send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            if (r.statusCode() != 200) {
                throw new IOException(url + " answered " + r.statusCode());
            }
            in.transferTo(out);
        }
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
        try {
            return client.send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
