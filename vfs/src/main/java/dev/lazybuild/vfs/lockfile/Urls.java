package dev.lazybuild.vfs.lockfile;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/** Checks on the URLs lockfiles give. */
final class Urls {
    private Urls() { }

    /** An absolute http(s) URL with a host, or a {@link LockfileException} naming file and entry. */
    static URI checked(String url, Path file, String entry) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw LockfileException.at(file, entry, "not a valid URL '" + url + "': " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw LockfileException.at(file, entry, "URL '" + url + "' is not http(s); lazybuild downloads only http:// and https://");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw LockfileException.at(file, entry, "URL '" + url + "' has no host");
        }
        return uri;
    }

    /** The decoded last path segment: the file name a URL names. */
    static String fileName(URI uri) {
        String raw = uri.getRawPath() == null ? "" : uri.getRawPath();
        String last = raw.substring(raw.lastIndexOf('/') + 1);
        return URLDecoder.decode(last.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
