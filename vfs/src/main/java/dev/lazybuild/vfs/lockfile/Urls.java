package dev.lazybuild.vfs.lockfile;

import dev.lazybuild.fetch.Printable;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/** Checks on the URLs lockfiles give. Every message shows the URL through {@link Printable#url}. */
final class Urls {
    private Urls() { }

    /**
     * An absolute http(s) URL with a host and no user info, or a {@link LockfileException}
     * naming file and entry.
     */
    static URI checked(String url, Path file, String entry) {
        String shown = Printable.url(url);
        if (Printable.hasUserinfo(url)) {
            // Credentials belong in the user's ~/.netrc, not in a file anyone can read; and
            // sent from a lockfile they would go wherever the lockfile's author points them.
            throw LockfileException.at(file, entry, "URL '" + shown + "' carries credentials (user:password@); "
                    + "lazybuild never sends credentials from a lockfile: remove them and put them in ~/.netrc");
        }
        if (Printable.firstUnsafe(url) >= 0) {
            throw LockfileException.at(file, entry, "URL '" + shown + "' contains a control character");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw LockfileException.at(file, entry, "not a valid URL '" + shown + "': " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw LockfileException.at(file, entry, "URL '" + shown + "' is not http(s); lazybuild downloads only http:// and https://");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw LockfileException.at(file, entry, "URL '" + shown + "' has no host");
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
