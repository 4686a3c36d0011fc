package dev.lazybuild.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpHead;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * Downloads over HTTP(S) with one pooled Apache HttpClient. Plain http:// is allowed because
 * the store verifies every byte against the lockfile's digest; https:// verifies TLS with the
 * JVM's trust store. Proxies come from the standard Java system properties.
 */
public final class HttpUpstream implements Upstream {
    private static final int BUFFER = 1 << 16;

    private final CloseableHttpClient client;

    public HttpUpstream(int maxConnectionsPerHost) {
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnPerRoute(maxConnectionsPerHost)
                .setMaxConnTotal(Math.max(64, maxConnectionsPerHost))
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofSeconds(30))
                        .setSocketTimeout(Timeout.ofSeconds(60))
                        .build())
                .build();
        this.client = HttpClients.custom()
                .setConnectionManager(pool)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.ofSeconds(60))
                        .setRedirectsEnabled(true)
                        .build())
                .setUserAgent("lazybuild")
                // The store owns retries: it knows whether a partial file can be resumed.
                .disableAutomaticRetries()
                .useSystemProperties()
                .build();
    }

    @Override
    public long download(URI url, long offset, OutputStream out) throws IOException {
        HttpGet get = new HttpGet(url);
        if (offset > 0) {
            get.addHeader("Range", "bytes=" + offset + "-");
        }
        return client.execute(get, response -> {
            int status = response.getCode();
            checkStatus(url, response);
            long skip = offset > 0 && status == 200 ? offset : 0; // server ignored Range
            HttpEntity entity = response.getEntity();
            if (entity == null) {
                return 0L;
            }
            try (InputStream in = entity.getContent()) {
                if (skip > 0) {
                    in.skipNBytes(skip);
                }
                byte[] buf = new byte[BUFFER];
                long total = 0;
                for (int n; (n = in.read(buf)) > 0; ) {
                    out.write(buf, 0, n);
                    total += n;
                }
                return total;
            }
        });
    }

    @Override
    public long size(URI url) throws IOException {
        return client.execute(new HttpHead(url), response -> {
            checkStatus(url, response);
            Header length = response.getFirstHeader("Content-Length");
            if (length == null) {
                throw new IOException("no Content-Length in the answer to HEAD " + url);
            }
            return Long.parseLong(length.getValue().trim());
        });
    }

    private static void checkStatus(URI url, ClassicHttpResponse response) throws HttpStatusException {
        int status = response.getCode();
        if (status == 200 || status == 206) {
            return;
        }
        throw new HttpStatusException(url, status, retryAfter(response));
    }

    private static Duration retryAfter(ClassicHttpResponse response) {
        Header h = response.getFirstHeader("Retry-After");
        if (h == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(h.getValue().trim()));
        } catch (NumberFormatException e) {
            return null; // an HTTP date: rare for package servers, fall back to our backoff
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
