package dev.lazybuild.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A real HTTP server on 127.0.0.1 standing in for PyPI, the npm registry, a Fedora mirror:
 * it serves files put into it, answers HEAD and Range, logs every request, and can be told to
 * misbehave for one path ({@link Fault}). Start it in a test, close it after.
 */
public final class UpstreamServer implements AutoCloseable {

    /**
     * One request as the server saw it.
     *
     * @param authorization its Authorization header, or null
     */
    public record Request(String method, String path, String range, String authorization) { }

    /**
     * A misbehaviour for one path, applied to the next {@code times} GETs of it.
     *
     * @param status answer with this status instead of the content (0: no)
     * @param retryAfterSeconds with status, a Retry-After header (negative: none)
     * @param resetAfterBytes send this many bytes, then close the connection (negative: no)
     * @param truncateAfterBytes announce the full length, send this many bytes, end the body (negative: no)
     * @param replacement serve these bytes instead of the content (null: no)
     * @param delayMillis wait this long before answering
     * @param cutInHalf announce the full length, send the first half of the body, end it
     * @param flipByte send the body with one byte in its middle inverted
     */
    public record Fault(int status, long retryAfterSeconds, long resetAfterBytes, long truncateAfterBytes,
                        byte[] replacement, long delayMillis, int times, boolean cutInHalf, boolean flipByte) {
        public static Fault status(int status, int times) {
            return new Fault(status, -1, -1, -1, null, 0, times, false, false);
        }

        public static Fault statusWithRetryAfter(int status, long seconds, int times) {
            return new Fault(status, seconds, -1, -1, null, 0, times, false, false);
        }

        public static Fault resetAfter(long bytes, int times) {
            return new Fault(0, -1, bytes, -1, null, 0, times, false, false);
        }

        public static Fault truncateAfter(long bytes, int times) {
            return new Fault(0, -1, -1, bytes, null, 0, times, false, false);
        }

        public static Fault wrongContent(byte[] bytes, int times) {
            return new Fault(0, -1, -1, -1, bytes, 0, times, false, false);
        }

        public static Fault delay(long millis, int times) {
            return new Fault(0, -1, -1, -1, null, millis, times, false, false);
        }

        public static Fault cutInHalf(int times) {
            return new Fault(0, -1, -1, -1, null, 0, times, true, false);
        }

        public static Fault flipByte(int times) {
            return new Fault(0, -1, -1, -1, null, 0, times, false, true);
        }

        /** The same fault with one use fewer left. */
        Fault used() {
            return new Fault(status, retryAfterSeconds, resetAfterBytes, truncateAfterBytes, replacement, delayMillis,
                    times - 1, cutInHalf, flipByte);
        }
    }

    /** A fault for every {@code every}-th GET the server answers, whatever its path. */
    private record Periodic(int every, Fault fault) { }

    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, String> contentTypes = new ConcurrentHashMap<>();
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private final List<Request> log = new CopyOnWriteArrayList<>();
    private final List<Periodic> periodic = new CopyOnWriteArrayList<>();
    private final Map<String, URI> redirects = new ConcurrentHashMap<>();
    private final Map<String, String> headLengths = new ConcurrentHashMap<>();
    private final AtomicLong gets = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private volatile long bytesPerSecond;
    private volatile long latencyMillis;
    private volatile String requiredAuthorization;
    private volatile boolean ignoreRanges;

    private UpstreamServer(HttpServer server) {
        this.server = server;
    }

    public static UpstreamServer start() {
        try {
            return serve(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The same server over TLS (https://127.0.0.1), with {@code certificates}' server
     * certificate; with {@code requireClientCertificate} a client must present a certificate of
     * their CA, as Red Hat's CDN wants an entitlement.
     */
    public static UpstreamServer startTls(TlsCertificates certificates, boolean requireClientCertificate) {
        try {
            HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            SSLContext context = certificates.serverContext();
            s.setHttpsConfigurator(new HttpsConfigurator(context) {
                @Override
                public void configure(HttpsParameters params) {
                    SSLParameters p = context.getDefaultSSLParameters();
                    p.setNeedClientAuth(requireClientCertificate);
                    params.setSSLParameters(p);
                }
            });
            return serve(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static UpstreamServer serve(HttpServer s) {
        UpstreamServer u = new UpstreamServer(s);
        s.createContext("/", u::handle);
        s.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "upstream-server");
            t.setDaemon(true);
            return t;
        }));
        s.start();
        return u;
    }

    /**
     * Serves every regular file of a directory at {@code /<file name>} until killed, for
     * benchmarks outside the test suite: {@code java -cp testkit/target/classes
     * dev.lazybuild.testkit.UpstreamServer DIR} prints {@code http://127.0.0.1:PORT/} first.
     */
    public static void main(String[] args) throws Exception {
        UpstreamServer server = start();
        try (var files = Files.list(Path.of(args[0]))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                server.put("/" + f.getFileName(), f);
            }
        }
        System.out.println(server.url("/"));
        System.out.flush();
        Thread.currentThread().join();
    }

    /** The URL of {@code path} (which starts with '/') on this server. */
    public URI url(String path) {
        return URI.create((server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort()
                + path);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Serves {@code bytes} at {@code path}; returns the URL. */
    public URI put(String path, byte[] bytes) {
        files.put(path, bytes.clone());
        return url(path);
    }

    /** Serves {@code bytes} at {@code path} with a Content-Type header (index pages); returns the URL. */
    public URI put(String path, byte[] bytes, String contentType) {
        contentTypes.put(path, contentType);
        return put(path, bytes);
    }

    /** Serves the file's bytes at {@code path}; returns the URL. */
    public URI put(String path, Path file) {
        try {
            return put(path, Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void fault(String path, Fault fault) {
        faults.put(path, fault);
    }

    /**
     * Applies {@code fault} to every {@code every}-th GET of any path, counted from the server's
     * start; when several match one GET, the first one given wins.
     */
    public void faultEveryNthGet(int every, Fault fault) {
        periodic.add(new Periodic(every, fault));
    }

    /** Answers every request for {@code path} with 302 and {@code Location: target}. */
    public void redirect(String path, URI target) {
        redirects.put(path, target);
    }

    /** Answers HEAD of {@code path} with this Content-Length header, whatever the content ("-5", "12abc", "1"). */
    public void lieInHead(String path, String contentLength) {
        headLengths.put(path, contentLength);
    }

    /** Body bytes written to clients so far. */
    public long bytesSent() {
        return bytesSent.get();
    }

    /** Limits every response body to this rate (0: unlimited) and delays every answer. */
    public void throttle(long bytesPerSecond, long latencyMillis) {
        this.bytesPerSecond = bytesPerSecond;
        this.latencyMillis = latencyMillis;
    }

    /**
     * Answers 401 (with a Basic challenge) to every request that does not carry these
     * credentials, as a private Artifactory or Nexus does.
     */
    public void requireBasicAuth(String user, String password) {
        requiredAuthorization = "Basic " + java.util.Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Answers every GET with the whole file and 200, whatever Range asks, as some servers and
     * proxies do (HTTP allows it).
     */
    public void ignoreRanges() {
        ignoreRanges = true;
    }

    public List<Request> requests() {
        return new ArrayList<>(log);
    }

    /** GET requests for {@code path}. */
    public long gets(String path) {
        return log.stream().filter(r -> r.method().equals("GET") && r.path().equals(path)).count();
    }

    /** GET requests for {@code path} without a Range header: downloads of the whole file. */
    public long wholeGets(String path) {
        return log.stream().filter(r -> r.method().equals("GET") && r.path().equals(path) && r.range() == null).count();
    }

    public void clearLog() {
        log.clear();
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        String range = ex.getRequestHeaders().getFirst("Range");
        log.add(new Request(ex.getRequestMethod(), path, range, ex.getRequestHeaders().getFirst("Authorization")));
        try (ex) {
            sleep(latencyMillis);
            String required = requiredAuthorization;
            if (required != null && !required.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"upstream\"");
                ex.sendResponseHeaders(401, -1);
                return;
            }
            URI redirect = redirects.get(path);
            if (redirect != null) {
                ex.getResponseHeaders().add("Location", redirect.toString());
                ex.sendResponseHeaders(302, -1);
                return;
            }
            byte[] body = files.get(path);
            if (body == null) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            boolean head = ex.getRequestMethod().equals("HEAD");
            Fault fault = head ? null : takeFault(path);
            if (fault != null) {
                sleep(fault.delayMillis());
                if (fault.status() > 0) {
                    if (fault.retryAfterSeconds() >= 0) {
                        ex.getResponseHeaders().add("Retry-After", Long.toString(fault.retryAfterSeconds()));
                    }
                    ex.sendResponseHeaders(fault.status(), -1);
                    return;
                }
                if (fault.replacement() != null) {
                    body = fault.replacement();
                }
            }
            long from = 0;
            long to = body.length; // exclusive
            int status = 200;
            java.util.regex.Matcher asked = range == null || ignoreRanges ? null
                    : java.util.regex.Pattern.compile("bytes=(\\d+)-(\\d*)").matcher(range);
            if (asked != null && asked.matches()) {
                from = Long.parseLong(asked.group(1));
                if (!asked.group(2).isEmpty()) {
                    to = Math.min(to, Long.parseLong(asked.group(2)) + 1);
                }
                if (from >= body.length) {
                    ex.getResponseHeaders().add("Content-Range", "bytes */" + body.length);
                    ex.sendResponseHeaders(416, -1);
                    return;
                }
                status = 206;
                ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (to - 1) + "/" + body.length);
            }
            ex.getResponseHeaders().add("Accept-Ranges", "bytes");
            String contentType = contentTypes.get(path);
            if (contentType != null) {
                ex.getResponseHeaders().add("Content-Type", contentType);
            }
            long length = to - from;
            if (head) {
                ex.getResponseHeaders().add("Content-Length", headLengths.getOrDefault(path, Long.toString(length)));
                ex.sendResponseHeaders(200, -1);
                return;
            }
            ex.sendResponseHeaders(status, length);
            long limit = length;
            if (fault != null && fault.resetAfterBytes() >= 0) {
                limit = Math.min(limit, fault.resetAfterBytes());
            }
            if (fault != null && fault.truncateAfterBytes() >= 0) {
                limit = Math.min(limit, fault.truncateAfterBytes());
            }
            if (fault != null && fault.cutInHalf()) {
                limit = length / 2;
            }
            if (fault != null && fault.flipByte() && length > 0) {
                body = body.clone();
                body[(int) (from + length / 2)] ^= (byte) 0xff;
            }
            send(ex.getResponseBody(), body, (int) from, limit);
            if (limit < length) {
                // Both a reset and a truncation end the exchange early; the client sees fewer bytes than announced.
                throw new IOException("fault injected: body cut after " + limit + " bytes");
            }
        }
    }

    private void send(OutputStream out, byte[] body, int from, long count) throws IOException {
        int chunk = 64 * 1024;
        long sent = 0;
        long started = System.nanoTime();
        while (sent < count) {
            int n = (int) Math.min(chunk, count - sent);
            out.write(body, from + (int) sent, n);
            sent += n;
            bytesSent.addAndGet(n);
            long rate = bytesPerSecond;
            if (rate > 0) {
                long due = started + sent * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    sleep(wait / 1_000_000);
                }
            }
        }
        out.flush();
    }

    private Fault takeFault(String path) {
        long n = gets.incrementAndGet();
        for (Periodic p : periodic) {
            if (n % p.every() == 0) {
                return p.fault();
            }
        }
        Fault f = faults.get(path);
        if (f == null) {
            return null;
        }
        if (f.times() <= 1) {
            faults.remove(path);
        } else {
            faults.put(path, f.used());
        }
        return f;
    }

    private static void sleep(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
