package dev.lazybuild.vfs.gomod;

import dev.lazybuild.fetch.LazybuildException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The module proxies Go files come from: the user's {@code GOPROXY} (from the trusted
 * environment, never from the build context), as the go command reads it: URLs separated by
 * {@code ,} or {@code |}, tried in order. {@code direct} (fetching from version control) and
 * {@code off} are not module proxies; lazybuild skips them, and refuses a list of nothing else.
 *
 * @param urls the proxies' base URLs, in order, without a trailing slash
 */
public record GoProxy(List<URI> urls) {
    /** The go command's default. */
    public static final String DEFAULT = "https://proxy.golang.org,direct";

    public GoProxy {
        urls = List.copyOf(urls);
    }

    /**
     * @param value GOPROXY as set, or null or empty for the default
     * @throws LazybuildException (configuration) when it names no module proxy or a malformed URL
     */
    public static GoProxy parse(String value) {
        String v = value == null || value.isBlank() ? DEFAULT : value;
        List<URI> urls = new ArrayList<>();
        for (String entry : v.split("[,|]")) {
            String e = entry.strip();
            if (e.isEmpty() || e.equals("direct") || e.equals("off")) {
                continue;
            }
            URI uri;
            try {
                uri = new URI(e.endsWith("/") ? e.substring(0, e.length() - 1) : e);
            } catch (URISyntaxException ex) {
                throw new LazybuildException(LazybuildException.Kind.CONFIG, "GOPROXY: '" + e + "' is not a URL: " + ex.getMessage());
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http")) {
                throw new LazybuildException(LazybuildException.Kind.CONFIG, "GOPROXY: '" + e
                        + "' is not an http(s) module proxy; lazybuild downloads Go modules from module proxies only");
            }
            urls.add(uri);
        }
        if (urls.isEmpty()) {
            throw new LazybuildException(LazybuildException.Kind.CONFIG, "GOPROXY=" + v + " names no module proxy:"
                    + " lazybuild downloads Go modules through the module proxy protocol, not from version control"
                    + " ('direct'); set GOPROXY to a proxy, e.g. " + DEFAULT);
        }
        return new GoProxy(urls);
    }

    /** Where each proxy serves {@code file}, in order. */
    public List<URI> urlsOf(CacheFile file) {
        return urls.stream().map(u -> URI.create(u + "/" + file.proxyPath())).toList();
    }
}
