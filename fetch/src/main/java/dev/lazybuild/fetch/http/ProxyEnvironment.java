package dev.lazybuild.fetch.http;

import dev.lazybuild.fetch.LazybuildException;
import java.net.URI;
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
    }

    /** The proxy for a request to {@code host} over {@code scheme}, if the environment names one. */
    Optional<URI> proxyFor(String scheme, String host) {
        if (bypassed(host)) {
            return Optional.empty();
        }
        String value = scheme.equalsIgnoreCase("https") ? first("https_proxy", "HTTPS_PROXY")
                : first("http_proxy", "HTTP_PROXY");
        if (value == null) {
            value = first("all_proxy", "ALL_PROXY");
        }
        if (value == null) {
            return Optional.empty();
        }
        URI uri = URI.create(value.contains("://") ? value : "http://" + value);
        if (uri.getHost() == null) {
            throw new LazybuildException(LazybuildException.Kind.CONFIG,
                    "the proxy setting for " + scheme + " names no host: fix HTTPS_PROXY / HTTP_PROXY");
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
