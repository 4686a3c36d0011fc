package dev.lazybuild.fetch.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpHead;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.routing.SystemDefaultRoutePlanner;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.net.URIAuthority;
import org.apache.hc.core5.util.Timeout;

/**
 * Downloads over HTTP(S) with one pooled Apache HttpClient. Plain http:// is allowed because
 * the store verifies every byte against the lockfile's digest; https:// verifies TLS with the
 * JVM's trust store. Proxies come from the environment ({@link ProxyEnvironment}), else from
 * the Java system properties; credentials for a host come from {@code ~/.netrc} (or
 * {@code $NETRC}) and are sent, preemptively as curl does, only to that host, never to a host
 * a redirect leads to.
 */
public final class HttpUpstream implements Upstream {
    private static final int BUFFER = 1 << 16;

    private final int maxConnectionsPerHost;
    private final ProxyEnvironment proxies;
    private final Netrc netrc;
    private CloseableHttpClient client;

    /** An upstream configured from this process's environment (proxies, NETRC). */
    public HttpUpstream(int maxConnectionsPerHost) {
        this(maxConnectionsPerHost, System.getenv());
    }

    /**
     * @param env where proxy settings ({@code HTTPS_PROXY}, {@code HTTP_PROXY}, {@code NO_PROXY})
     *        and the netrc location ({@code NETRC}) are read
     */
    public HttpUpstream(int maxConnectionsPerHost, Map<String, String> env) {
        this.maxConnectionsPerHost = maxConnectionsPerHost;
        this.proxies = new ProxyEnvironment(env);
        this.netrc = Netrc.read(Netrc.location(env)); // now, so a broken netrc is reported before any work
    }

    /**
     * The client, made on first use: setting it up (TLS context, trust store) costs about a
     * second of CPU, which a build or prefetch whose files are all cached never needs to pay.
     */
    private synchronized CloseableHttpClient client() {
        if (client == null) {
            client = newClient();
        }
        return client;
    }

    private CloseableHttpClient newClient() {
        BasicCredentialsProvider proxyCredentials = new BasicCredentialsProvider();
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setTlsSocketStrategy(new LazyTls())
                .setMaxConnPerRoute(maxConnectionsPerHost)
                .setMaxConnTotal(Math.max(64, maxConnectionsPerHost))
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofSeconds(30))
                        .setSocketTimeout(Timeout.ofSeconds(60))
                        .build())
                .build();
        return HttpClients.custom()
                .setConnectionManager(pool)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.ofSeconds(60))
                        .setRedirectsEnabled(true)
                        .build())
                .setUserAgent("lazybuild")
                .setRoutePlanner(new EnvironmentRoutePlanner(proxies, proxyCredentials))
                .setDefaultCredentialsProvider(proxyCredentials)
                .addRequestInterceptorLast((request, entity, context) -> {
                    // Every hop of a redirect passes here: credentials go to the host they are for only.
                    request.removeHeaders(HttpHeaders.AUTHORIZATION);
                    URIAuthority authority = request.getAuthority();
                    if (authority != null) {
                        netrc.forHost(authority.getHostName()).ifPresent(login -> request.setHeader(
                                HttpHeaders.AUTHORIZATION, "Basic " + Base64.getEncoder().encodeToString(
                                        (login.user() + ":" + login.password()).getBytes(StandardCharsets.UTF_8))));
                    }
                })
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
        return client().execute(get, response -> {
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
        return client().execute(new HttpHead(url), response -> {
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

    /**
     * TLS set up on the first https connection only, so plain-http mirrors and local servers
     * never pay for loading the trust store; honours the javax.net.ssl system properties
     * (a corporate CA's trust store).
     */
    private static final class LazyTls implements TlsSocketStrategy {
        private DefaultClientTlsStrategy tls;

        @Override
        public SSLSocket upgrade(Socket socket, String target, int port, Object attachment, HttpContext context)
                throws IOException {
            DefaultClientTlsStrategy t;
            synchronized (this) {
                if (tls == null) {
                    tls = DefaultClientTlsStrategy.createSystemDefault();
                }
                t = tls;
            }
            return t.upgrade(socket, target, port, attachment, context);
        }
    }

    /** Environment proxies first; without one for the URL, what the Java system properties say. */
    private static final class EnvironmentRoutePlanner extends SystemDefaultRoutePlanner {
        private final ProxyEnvironment proxies;
        private final BasicCredentialsProvider credentials;

        EnvironmentRoutePlanner(ProxyEnvironment proxies, BasicCredentialsProvider credentials) {
            super(ProxySelector.getDefault());
            this.proxies = proxies;
            this.credentials = credentials;
        }

        @Override
        protected HttpHost determineProxy(HttpHost target, HttpContext context) throws HttpException {
            if (proxies.bypassed(target.getHostName())) {
                return null;
            }
            Optional<URI> proxy = proxies.proxyFor(target.getSchemeName(), target.getHostName());
            if (proxy.isEmpty()) {
                return super.determineProxy(target, context);
            }
            URI p = proxy.get();
            HttpHost host = new HttpHost(p.getScheme(), p.getHost(), p.getPort() > 0 ? p.getPort()
                    : p.getScheme().equals("https") ? 443 : 80);
            String userInfo = p.getRawUserInfo();
            if (userInfo != null && userInfo.contains(":")) {
                int colon = userInfo.indexOf(':');
                credentials.setCredentials(new AuthScope(host), new UsernamePasswordCredentials(
                        decode(userInfo.substring(0, colon)), decode(userInfo.substring(colon + 1)).toCharArray()));
            }
            return host;
        }

        private static String decode(String s) {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (client != null) {
            client.close();
        }
    }
}
