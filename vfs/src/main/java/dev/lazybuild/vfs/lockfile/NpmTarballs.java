package dev.lazybuild.vfs.lockfile;

import dev.lazybuild.fetch.Digest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Where Hermeto's npm backend puts the tarball of a {@code resolved} URL under {@code deps/npm/}
 * ({@code javascript/npm/resolver.py} _get_npm_dependencies, {@code utils.py}):
 * <ul>
 * <li>registry ({@code registry.npmjs.org}, {@code registry.yarnpkg.com}): {@code <name>-<version>.tgz},
 *     the leading '@' dropped and '/' made '-';</li>
 * <li>git ({@code git+…}, {@code git:}, and the {@code github:}/{@code gitlab:}/{@code bitbucket:}
 *     shortcuts): {@code <host>/<namespace>/<repo>/<repo>-external-gitcommit-<ref>.tgz};</li>
 * <li>{@code file:}: nothing, the file is in the source;</li>
 * <li>any other URL: {@code external-<name>/<name>-external-<algorithm>-<hex digest>.tgz}.</li>
 * </ul>
 */
public final class NpmTarballs {
    public static final String NPM_DIR = "deps/npm/";
    private static final Set<String> REGISTRY_HOSTS = Set.of("registry.npmjs.org", "registry.yarnpkg.com");

    private NpmTarballs() { }

    /** How Hermeto classifies a resolved URL. */
    public enum Source { REGISTRY, GIT, FILE, HTTPS }

    /** normalize_resolved_url: the VCS shortcuts become git+ssh URLs. */
    public static String normalized(String resolved) {
        for (String host : new String[] {"github", "gitlab", "bitbucket"}) {
            if (resolved.startsWith(host + ":")) {
                String path = resolved.substring(host.length() + 1);
                int hash = path.indexOf('#');
                String repo = hash < 0 ? path : path.substring(0, hash);
                String url = "git+ssh://git@" + host + "." + (host.equals("bitbucket") ? "org" : "com") + "/" + repo + ".git";
                return hash < 0 || hash == path.length() - 1 ? url : url + "#" + path.substring(hash + 1);
            }
        }
        return resolved;
    }

    /** classify_resolved_url, of a normalised URL. */
    public static Source classify(String normalized) {
        String host = PythonUrls.hostname(normalized);
        if (host != null && REGISTRY_HOSTS.contains(host)) {
            return Source.REGISTRY;
        }
        String scheme = PythonUrls.scheme(normalized);
        if (scheme.equals("git") || scheme.startsWith("git+")) {
            return Source.GIT;
        }
        return scheme.equals("file") ? Source.FILE : Source.HTTPS;
    }

    /** A registry tarball's file name: {@code @a/b} 1.0 is {@code a-b-1.0.tgz}. */
    public static String registryFileName(String name, String version) {
        String s = name + "-" + version + ".tgz";
        return (s.startsWith("@") ? s.substring(1) : s).replace('/', '-');
    }

    /** Any other https tarball, named by its strongest integrity digest. */
    public static String externalPath(String name, Digest digest) {
        return "external-" + name + "/" + name + "-external-" + digest.algorithm().label() + "-" + digest.hex() + ".tgz";
    }

    /** A git dependency packed by Hermeto (extract_git_info_npm); null when the URL lacks a part Hermeto needs. */
    public static String gitPath(String normalized) {
        int hash = normalized.indexOf('#');
        String clean = hash < 0 ? normalized : normalized.substring(0, hash);
        String ref = hash < 0 ? "" : normalized.substring(hash + 1).toLowerCase(Locale.ROOT);
        if (clean.startsWith("git+")) {
            clean = clean.substring(4);
        }
        String host = PythonUrls.hostname(clean);
        String path = PythonUrls.path(clean).replaceAll("^/+|/+$", "");
        if (path.endsWith(".git")) {
            path = path.substring(0, path.length() - 4);
        }
        int slash = path.indexOf('/');
        String namespace = slash < 0 ? path : path.substring(0, slash);
        String repo = slash < 0 ? "" : path.substring(slash + 1);
        if (host == null || ref.isEmpty() || namespace.isEmpty() || repo.isEmpty()) {
            return null;
        }
        return host + "/" + namespace + "/" + repo + "/" + repo + "-external-gitcommit-" + ref + ".tgz";
    }

    /** The few parts of Python's urllib.parse Hermeto's npm and pip code rely on. */
    public static final class PythonUrls {
        // urllib.parse.uses_params: the schemes whose last path segment may carry ";params".
        private static final Set<String> USES_PARAMS = Set.of("", "ftp", "hdl", "prospero", "http", "imap", "https", "shttp",
                "rtsp", "rtsps", "rtspu", "sip", "sips", "mms", "sftp", "tel");

        private PythonUrls() { }

        /** urlparse(url).scheme: letters, digits, '+', '-', '.' before the first ':', starting with a letter; lowercased. */
        public static String scheme(String url) {
            int colon = url.indexOf(':');
            if (colon <= 0 || !isAsciiLetter(url.charAt(0))) {
                return "";
            }
            for (int i = 0; i < colon; i++) {
                char c = url.charAt(i);
                if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') {
                    return "";
                }
            }
            return url.substring(0, colon).toLowerCase(Locale.ROOT);
        }

        /** urlparse(url).hostname: the netloc after '//', without userinfo and port, lowercased; null when none. */
        static String hostname(String url) {
            String netloc = netloc(url);
            if (netloc == null) {
                return null;
            }
            netloc = netloc.substring(netloc.lastIndexOf('@') + 1);
            if (netloc.startsWith("[")) {
                int close = netloc.indexOf(']');
                return close < 0 ? null : netloc.substring(1, close).toLowerCase(Locale.ROOT);
            }
            int colon = netloc.indexOf(':');
            String host = colon < 0 ? netloc : netloc.substring(0, colon);
            return host.isEmpty() ? null : host.toLowerCase(Locale.ROOT);
        }

        /**
         * urlparse(url).path: urlsplit's path, and for the schemes urllib takes parameters from
         * (http, https, ftp, ...) without the last segment's {@code ;params}.
         */
        public static String urlparsePath(String url) {
            String path = path(url);
            if (!USES_PARAMS.contains(scheme(url)) || path.indexOf(';') < 0) {
                return path;
            }
            int slash = path.lastIndexOf('/');
            int semicolon = path.indexOf(';', Math.max(slash, 0));
            return semicolon < 0 ? path : path.substring(0, semicolon);
        }

        /**
         * urllib.parse.unquote: each run of ASCII characters has its {@code %XX} escapes decoded
         * as UTF-8 (an invalid sequence becomes U+FFFD), other characters stay; a {@code %} not
         * followed by two hex digits stays, and so does {@code +}.
         */
        public static String unquote(String s) {
            if (s.indexOf('%') < 0) {
                return s;
            }
            StringBuilder out = new StringBuilder();
            ByteArrayOutputStream ascii = new ByteArrayOutputStream();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    out.append(ascii.toString(StandardCharsets.UTF_8)).append(c);
                    ascii.reset();
                } else if (c == '%' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
                    ascii.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                } else {
                    ascii.write(c);
                }
            }
            return out.append(ascii.toString(StandardCharsets.UTF_8)).toString();
        }

        private static boolean isHex(char c) {
            return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        }

        static String path(String url) {
            String rest = afterScheme(url);
            if (rest.startsWith("//")) {
                int end = firstOf(rest, 2, "/?#");
                rest = end < 0 ? "" : rest.substring(end);
            }
            int end = firstOf(rest, 0, "?#");
            return end < 0 ? rest : rest.substring(0, end);
        }

        private static String netloc(String url) {
            String rest = afterScheme(url);
            if (!rest.startsWith("//")) {
                return null;
            }
            int end = firstOf(rest, 2, "/?#");
            return end < 0 ? rest.substring(2) : rest.substring(2, end);
        }

        private static String afterScheme(String url) {
            String scheme = scheme(url);
            return scheme.isEmpty() ? url : url.substring(scheme.length() + 1);
        }

        private static int firstOf(String s, int from, String chars) {
            for (int i = from; i < s.length(); i++) {
                if (chars.indexOf(s.charAt(i)) >= 0) {
                    return i;
                }
            }
            return -1;
        }

        private static boolean isAsciiLetter(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        }
    }
}
