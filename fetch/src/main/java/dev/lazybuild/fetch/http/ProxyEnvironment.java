package dev.lazybuild.fetch.http;

import dev.lazybuild.fetch.LazybuildException;
import dev.lazybuild.fetch.Printable;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The proxy settings of the environment, read as curl reads them: {@code https_proxy} /
 * {@code HTTPS_PROXY} for https URLs, {@code http_proxy} / {@code HTTP_PROXY} for http,
 * {@code all_proxy} / {@code ALL_PROXY} for both, and {@code no_proxy} / {@code NO_PROXY}
 * (comma-separated host names, domain suffixes with or without a leading dot, IP
 * addresses, or {@code *}) for hosts reached directly. The JVM reads none of these itself.
 */
final class ProxyEnvironment {
    private final Map<String, String> env;
    private final List<String> noProxy;
    private final Optional<URI> https;
    private final Optional<URI> http;
    private final Optional<URI> all;

    /** @throws LazybuildException (configuration) when a proxy variable is not a URL, its password never shown */
    ProxyEnvironment(Map<String, String> env) {
        this.env = env;
        List<String> hosts = new ArrayList<>();
        String np = first("no_proxy", "NO_PROXY");
        if (np != null) {
            for (String h : np.split(",")) {
                String host = h.trim().toLowerCase(Locale.ROOT);
                int colon = host.lastIndexOf(':');
                if (colon > 0 && host.indexOf(':') == colon) {
                    host = host.substring(0, colon); // "host:port": the port does not matter here
                }
                if (!host.isEmpty()) {
                    hosts.add(host);
                }
            }
        }
        this.noProxy = List.copyOf(hosts);
        // Parsed now, once: a bad value found while a download runs was an internal error that printed it, password and all.
        this.https = proxy("https_proxy", "HTTPS_PROXY");
        this.http = proxy("http_proxy", "HTTP_PROXY");
        this.all = proxy("all_proxy", "ALL_PROXY");
    }

    /** The proxy for a request to {@code host} over {@code scheme}, if the environment names one. */
    Optional<URI> proxyFor(String scheme, String host) {
        if (bypassed(host)) {
            return Optional.empty();
        }
        return (scheme.equalsIgnoreCase("https") ? https : http).or(() -> all);
    }

    private Optional<URI> proxy(String lower, String upper) {
        String value = first(lower, upper);
        if (value == null) {
            return Optional.empty();
        }
        String name = env.get(lower) != null && !env.get(lower).isBlank() ? lower : upper;
        String url = value.contains("://") ? value : "http://" + value; // as curl, which takes a bare host:port
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new LazybuildException(LazybuildException.Kind.CONFIG, name + " is not a valid proxy URL: '"
                    + Printable.url(url) + "' (" + e.getReason() + " at index " + e.getIndex() + "); percent-encode"
                    + " special characters in its user name and password (a space is %20, '@' is %40)");
        }
        if (uri.getHost() == null) {
            throw new LazybuildException(LazybuildException.Kind.CONFIG, name + " names no host: '"
                    + Printable.url(url) + "'; set it to http://[user:password@]host:port");
        }
        return Optional.of(uri);
    }

    boolean bypassed(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        for (String entry : noProxy) {
            if (entry.equals("*")) {
                return true;
            }
            String domain = entry.startsWith(".") ? entry.substring(1) : entry;
            if (h.equals(domain) || h.endsWith("." + domain)) {
                return true;
            }
        }
        return false;
    }

    private String first(String... names) {
        for (String n : names) {
            String v = env.get(n);
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }
}
