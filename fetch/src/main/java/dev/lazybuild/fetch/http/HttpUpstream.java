package dev.lazybuild.fetch.http;

import dev.lazybuild.fetch.ClientTls;
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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import javax.net.ssl.SSLException;
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
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.HttpClientResponseHandler;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.Timeout;

/**
 * Downloads over HTTP(S) with one pooled Apache HttpClient. Plain http:// is allowed because
 * the store verifies every byte against the lockfile's digest; https:// verifies TLS with the
 * JVM's trust store. Proxies come from the environment ({@link ProxyEnvironment}), else from
 * the Java system properties; credentials for a host come from {@code ~/.netrc} (or
 * {@code $NETRC}) and are sent, preemptively as curl does, only to the scheme, host and port of
 * the URL they were chosen for, never to another origin a redirect leads to.
 *
 * <p>A file with its own {@link ClientTls} (an rpm input's {@code options.ssl}) is fetched
 * through {@link #withTls(ClientTls)}: one more client per distinct setting, with its own
 * connection pool, so a connection made with a client certificate never carries a request
 * made without it, nor the other way round.
 */
public final class HttpUpstream implements Upstream {
    private static final int BUFFER = 1 << 16;
    /** The context attribute that carries the netrc login chosen for a request's URL. */
    private static final String CREDENTIALS = "lazybuild.netrc-credentials";

    private final int maxConnectionsPerHost;
    private final ProxyEnvironment proxies;
    private final Netrc netrc;
    private CloseableHttpClient client;
    private final Map<ClientTls, CloseableHttpClient> tlsClients = new HashMap<>();
    private final CertificateRequests certificateRequests = new CertificateRequests();

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

    /** The client for files fetched with {@code tls}, made on first use; null: the default one. */
    private synchronized CloseableHttpClient client(ClientTls tls) {
        if (tls == null) {
            return client();
        }
        return tlsClients.computeIfAbsent(tls, t -> newClient(ClientTlsStrategy.of(t, certificateRequests)));
    }

    private CloseableHttpClient newClient() {
        return newClient(new LazyTls(certificateRequests));
    }

    private CloseableHttpClient newClient(TlsSocketStrategy tls) {
        BasicCredentialsProvider proxyCredentials = new BasicCredentialsProvider();
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setTlsSocketStrategy(tls)
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
                    // Every hop of a redirect passes here. The credentials were chosen for the
                    // origin of the URL asked for; like curl, no other origin (another host,
                    // port or scheme a redirect leads to) ever sees them.
                    request.removeHeaders(HttpHeaders.AUTHORIZATION);
                    if (context.getAttribute(CREDENTIALS) instanceof OriginCredentials chosen
                            && request.getAuthority() != null
                            && chosen.origin().equals(origin(request.getScheme(), request.getAuthority().getHostName(),
                                    request.getAuthority().getPort()))) {
                        request.setHeader(HttpHeaders.AUTHORIZATION, chosen.basic());
                    }
                })
                // The store owns retries: it knows whether a partial file can be resumed.
                .disableAutomaticRetries()
                .useSystemProperties()
                .build();
    }

    @Override
    public long download(URI url, long offset, OutputStream out) throws IOException {
        return download(null, url, offset, out);
    }

    /**
     * This upstream, fetching with {@code tls}: the same proxies, netrc and limits, another TLS
     * context (and so another connection pool).
     */
    @Override
    public Upstream withTls(ClientTls tls) {
        if (tls == null) {
            return this;
        }
        return new Upstream() {
            @Override
            public long download(URI url, long offset, OutputStream out) throws IOException {
                return HttpUpstream.this.download(tls, url, offset, out);
            }

            @Override
            public byte[] read(URI url, long from, int length) throws IOException {
                return HttpUpstream.this.read(tls, url, from, length);
            }

            @Override
            public OptionalLong size(URI url) throws IOException {
                return HttpUpstream.this.size(tls, url);
            }
        };
    }

    /**
     * Runs one request with the client for {@code tls}. A failed TLS connection is explained for
     * the user, and so is a connection that failed before any answer from a server that asked
     * for a client certificate (TLS 1.3 refuses one only after the handshake).
     */
    private <T> T execute(ClientTls tls, ClassicHttpRequest request, URI url,
            HttpClientContext context, HttpClientResponseHandler<T> handler) throws IOException {
        boolean[] answered = {false};
        try {
            return client(tls).execute(request, context, response -> {
                answered[0] = true;
                return handler.handleResponse(response);
            });
        } catch (SSLException e) {
            throw TlsFailure.of(url, tls, e, askedForCertificate(url));
        } catch (HttpStatusException e) {
            // Red Hat's CDN asks for a certificate, takes the connection without one and answers 403.
            boolean noCertificate = tls == null || tls.clientCert() == null;
            if ((e.status() == 401 || e.status() == 403) && noCertificate && askedForCertificate(url)) {
                throw e.withAdvice("the server asked for a client certificate and got none; "
                        + TlsFailure.GIVE_A_CERTIFICATE);
            }
            throw e;
        } catch (RangeNotHonoured e) {
            throw e;
        } catch (IOException e) {
            if (!answered[0] && askedForCertificate(url)) {
                throw TlsFailure.of(url, tls, e, true);
            }
            throw e;
        }
    }

    private boolean askedForCertificate(URI url) {
        return "https".equalsIgnoreCase(url.getScheme())
                && certificateRequests.askedBy(url.getHost(), url.getPort() > 0 ? url.getPort() : 443);
    }

    private long download(ClientTls tls, URI url, long offset, OutputStream out) throws IOException {
        HttpGet get = new HttpGet(url);
        if (offset > 0) {
            get.addHeader("Range", "bytes=" + offset + "-");
        }
        return execute(tls, get, url, withCredentialsFor(url), response -> {
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
                try {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        out.write(buf, 0, n);
                        total += n;
                    }
                } catch (IOException e) {
                    // Drop the connection before the stream's close would read the rest of the
                    // body to reuse it: the store stops a body that outgrew its bound, and must
                    // not drain the gigabytes it refused.
                    get.cancel();
                    throw e;
                }
                return total;
            }
        });
    }

    /**
     * A server that ignores the Range header answers 200 with the whole file: the answer is
     * abandoned after its headers (the connection is closed, not drained), so it costs a
     * request, not the file.
     */
    @Override
    public byte[] read(URI url, long from, int length) throws IOException {
        return read(null, url, from, length);
    }

    private byte[] read(ClientTls tls, URI url, long from, int length) throws IOException {
        HttpGet get = new HttpGet(url);
        get.addHeader("Range", "bytes=" + from + "-" + (from + length - 1));
        return execute(tls, get, url, withCredentialsFor(url), response -> {
            int status = response.getCode();
            if (status == 200) {
                throw new RangeNotHonoured(url, "answered 200 with the whole file");
            }
            if (status == 416 || status == 501) {
                throw new RangeNotHonoured(url, "answered " + status);
            }
            checkStatus(url, response);
            Header range = response.getFirstHeader("Content-Range");
            if (range == null || !range.getValue().trim().startsWith("bytes " + from + "-")) {
                throw new RangeNotHonoured(url, "answered 206 with Content-Range '" + (range == null ? "" : range.getValue())
                        + "' for bytes " + from + "-");
            }
            HttpEntity entity = response.getEntity();
            if (entity == null) {
                return new byte[0];
            }
            try (InputStream in = entity.getContent()) {
                return in.readNBytes(length); // never more than asked, whatever the server sends
            }
        });
    }

    /**
     * A small document read whole: an index page a resolver reads, never a file of the tree.
     *
     * @param finalUrl the URL that answered, after redirects (relative links in it resolve against it)
     * @param contentType the Content-Type header, or null
     */
    public record Page(int status, URI finalUrl, String contentType, byte[] body) { }

    /**
     * GETs {@code url} with an Accept header, following redirects, and returns any status
     * rather than throwing, so the caller can tell "no such project" (404) from a failure.
     *
     * @param maxBytes a body longer than this is refused (a hostile server cannot exhaust memory)
     */
    public Page page(URI url, String accept, int maxBytes) throws IOException {
        HttpGet get = new HttpGet(url);
        get.addHeader("Accept", accept);
        HttpClientContext context = withCredentialsFor(url);
        return execute(null, get, url, context, response -> {
            HttpEntity entity = response.getEntity();
            byte[] body = new byte[0];
            if (entity != null) {
                try (InputStream in = entity.getContent()) {
                    body = in.readNBytes(maxBytes + 1);
                }
                if (body.length > maxBytes) {
                    throw new IOException(url + ": the answer is longer than " + maxBytes + " bytes");
                }
            }
            List<URI> redirects = context.getRedirectLocations().getAll();
            Header type = response.getFirstHeader("Content-Type");
            return new Page(response.getCode(), redirects.isEmpty() ? url : redirects.get(redirects.size() - 1),
                    type == null ? null : type.getValue(), body);
        });
    }

    /** The announced length; a missing or malformed Content-Length ({@code -5}, {@code 12abc}) is unknown. */
    @Override
    public OptionalLong size(URI url) throws IOException {
        return size(null, url);
    }

    private OptionalLong size(ClientTls tls, URI url) throws IOException {
        return execute(tls, new HttpHead(url), url, withCredentialsFor(url), response -> {
            checkStatus(url, response);
            Header length = response.getFirstHeader("Content-Length");
            return length == null ? OptionalLong.empty() : contentLength(length.getValue());
        });
    }

    /** A Content-Length as RFC 9110 allows it: digits only, and small enough for a long. */
    static OptionalLong contentLength(String value) {
        String v = value.trim();
        if (v.isEmpty() || v.length() > 18 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(v));
    }

    /** The netrc login for {@code url}'s host, bound to its origin, in a context for one request. */
    private HttpClientContext withCredentialsFor(URI url) {
        HttpClientContext context = HttpClientContext.create();
        netrc.forHost(url.getHost()).ifPresent(login -> context.setAttribute(CREDENTIALS, new OriginCredentials(
                origin(url.getScheme(), url.getHost(), url.getPort()), "Basic " + Base64.getEncoder().encodeToString(
                        (login.user() + ":" + login.password()).getBytes(StandardCharsets.UTF_8)))));
        return context;
    }

    /** {@code scheme://host:port} with the scheme's default port filled in, for comparing origins. */
    private static String origin(String scheme, String host, int port) {
        String s = scheme == null ? "http" : scheme.toLowerCase(Locale.ROOT);
        int p = port > 0 ? port : s.equals("https") ? 443 : 80;
        return s + "://" + host.toLowerCase(Locale.ROOT) + ":" + p;
    }

    /** Credentials and the one origin they may be sent to; the header value never appears in a message. */
    private record OriginCredentials(String origin, String basic) {
        @Override
        public String toString() {
            return "credentials for " + origin;
        }
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
        private final CertificateRequests requests;
        private DefaultClientTlsStrategy tls;

        LazyTls(CertificateRequests requests) {
            this.requests = requests;
        }

        @Override
        public SSLSocket upgrade(Socket socket, String target, int port, Object attachment, HttpContext context)
                throws IOException {
            DefaultClientTlsStrategy t;
            synchronized (this) {
                if (tls == null) {
                    tls = ClientTlsStrategy.systemDefault(requests);
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
        for (CloseableHttpClient c : tlsClients.values()) {
            c.close();
        }
    }
}
