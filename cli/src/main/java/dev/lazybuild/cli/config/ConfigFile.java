package dev.lazybuild.cli.config;

import dev.lazybuild.cli.terminal.ByteSize;
import dev.lazybuild.fetch.BaseDirectories;
import dev.lazybuild.fetch.LazybuildException;
import dev.lazybuild.fetch.Printable;
import dev.lazybuild.fetch.team.TierSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;
import picocli.CommandLine;

/**
 * The settings one TOML file sets (every field empty when the file does not set it), checked
 * as they are read: a bad value is an error naming file, key and what is expected; an unknown
 * key only a warning, so a file written for a newer lazybuild still works with this one.
 */
public record ConfigFile(Path file, Optional<Path> cacheDir, Optional<Integer> concurrency, Optional<String> mountTarget,
        Optional<List<String>> podmanArgs, Map<String, String> mirrors, Optional<TierSettings> teamCache,
        Optional<Long> maxDownloadSize, Optional<Boolean> strictDigests, Optional<Boolean> verifiedRepodata,
        List<Path> rpmGpgKeys, List<String> warnings, Optional<Object> prefetchInput, Optional<Path> rpmEntitlement,
        Optional<Path> rpmCaBundle) {

    /**
     * Who wrote the file, which decides what it may set. The build context comes with the
     * repository being built, so its lazybuild.toml may not choose where secrets go (a team
     * cache receives signed requests and every fetched file), what runs on the host (podman
     * arguments such as {@code --volume /:/host}) or which bytes are trusted (a cache
     * directory of committed "verified" objects).
     */
    public enum Source { USER, CONTEXT }

    static final Set<String> KEYS = Set.of("cache-dir", "concurrency", "mount-target", "podman-args", "mirrors", "team-cache",
            "max-download-size", "strict-digests", "verified-repodata", "rpm-gpg-keys", "prefetch-input", "rpm-entitlement",
            "rpm-ca-bundle");
    /**
     * The keys only the user's side sets, each with where to set it instead. A context that
     * raised max-download-size could let an upstream fill the disk.
     */
    static final Map<String, String> USER_ONLY_KEYS = Map.of(
            "cache-dir", "--cache-dir, LAZYBUILD_CACHE_DIR, --config or ~/.config/lazybuild/config.toml",
            "podman-args", "the command line, LAZYBUILD_PODMAN_ARGS, --config or ~/.config/lazybuild/config.toml",
            "team-cache", "--config or ~/.config/lazybuild/config.toml",
            "max-download-size", "LAZYBUILD_MAX_DOWNLOAD_SIZE, --config or ~/.config/lazybuild/config.toml",
            // Files on this host presented to servers: a context could name any key the user can read.
            "rpm-entitlement", "--rpm-entitlement, --config or ~/.config/lazybuild/config.toml",
            "rpm-ca-bundle", "--config or ~/.config/lazybuild/config.toml");
    /** Keys like those: whatever names credentials, netrc, proxies or certificates, now or in a later version. */
    private static final Pattern SECRET_LIKE = Pattern.compile(
            "netrc|credential|password|passwd|secret|token|auth|proxy|cert|ssl|tls|\\bkey\\b|-key|key-", Pattern.CASE_INSENSITIVE);
    static final Set<String> TEAM_CACHE_KEYS = Set.of("endpoint", "bucket", "prefix", "region", "path-style", "upload");
    static final int MAX_CONCURRENCY = 64;

    static ConfigFile read(Path file, Map<String, String> env, Source source) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new LazybuildException(LazybuildException.Kind.CONFIG,
                    "cannot read config file " + file + ": " + e.getMessage(), e);
        }
        TomlParseResult toml;
        try {
            toml = Toml.parse(text);
        } catch (StackOverflowError e) {
            // tomlj recurses once per nesting level with no limit; the overflow unwinds out of the parser alone.
            throw new LazybuildException(LazybuildException.Kind.CONFIG, file + ": not valid TOML: nested too deeply");
        }
        if (toml.hasErrors()) {
            TomlParseError first = toml.errors().get(0);
            throw new LazybuildException(LazybuildException.Kind.CONFIG, file + ":" + first.position().line() + ":"
                    + first.position().column() + ": not valid TOML: " + first.getMessage());
        }
        List<String> warnings = new ArrayList<>();
        Set<String> refused = new HashSet<>();
        for (String key : toml.keySet()) {
            if (source == Source.CONTEXT && (USER_ONLY_KEYS.containsKey(key) || SECRET_LIKE.matcher(key).find())) {
                refused.add(key);
                warnings.add(file + ": '" + Printable.escape(key) + "' is not taken from a build context (it could "
                        + "send secrets elsewhere, run things on the host or serve unverified files); set it in "
                        + USER_ONLY_KEYS.getOrDefault(key, "--config or ~/.config/lazybuild/config.toml"));
            } else if (!KEYS.contains(key)) {
                warnings.add(file + ": unknown key '" + Printable.escape(key) + "' ignored (known keys: cache-dir, "
                        + "concurrency, max-download-size, mirrors, mount-target, podman-args, prefetch-input, rpm-ca-bundle, "
                        + "rpm-entitlement, rpm-gpg-keys, strict-digests, "
                        + "team-cache, "
                        + "verified-repodata)");
            }
        }
        if (!refused.contains("team-cache") && toml.get("team-cache") instanceof TomlTable team) {
            for (String key : team.keySet()) {
                if (!TEAM_CACHE_KEYS.contains(key)) {
                    warnings.add(file + ": unknown key 'team-cache." + key + "' ignored (known keys: bucket, endpoint, "
                            + "path-style, prefix, region, upload)");
                }
            }
        }
        Path dir = file.toAbsolutePath().getParent();
        return new ConfigFile(file,
                refused.contains("cache-dir") ? Optional.empty()
                        : string(toml, file, "cache-dir", "a directory path").map(s -> path(s, dir, env, file)),
                concurrency(toml, file),
                string(toml, file, "mount-target", "an absolute path such as \"/cachi2\"").map(s -> mountTarget(s, file)),
                refused.contains("podman-args") ? Optional.empty() : podmanArgs(toml, file),
                mirrors(toml, file),
                refused.contains("team-cache") ? Optional.empty() : teamCache(toml, file),
                refused.contains("max-download-size") ? Optional.empty() : maxDownloadSize(toml, file),
                bool(toml, file, "strict-digests", "strict-digests"),
                bool(toml, file, "verified-repodata", "verified-repodata"),
                refused.contains("rpm-gpg-keys") ? List.of() : rpmGpgKeys(toml, file, dir, env),
                List.copyOf(warnings),
                prefetchInput(toml),
                refused.contains("rpm-entitlement") ? Optional.empty()
                        : string(toml, file, "rpm-entitlement", "a directory such as \"/etc/pki/entitlement\"")
                                .map(s -> path(s, dir, env, file)),
                refused.contains("rpm-ca-bundle") ? Optional.empty()
                        : string(toml, file, "rpm-ca-bundle", "a PEM file such as \"/etc/rhsm/ca/redhat-uep.pem\"")
                                .map(s -> path(s, dir, env, file)));
    }

    /**
     * {@code prefetch-input}: Hermeto's input as a string (JSON or a package manager name), or as
     * TOML ({@code [[prefetch-input]]} tables, an inline table or an array of them), handed on as
     * plain maps and lists; BuildInputs validates it as Hermeto would.
     */
    private static Optional<Object> prefetchInput(TomlTable toml) {
        Object v = toml.get("prefetch-input");
        if (v instanceof TomlTable t) {
            return Optional.of(t.toMap());
        }
        if (v instanceof org.tomlj.TomlArray a) {
            return Optional.of(a.toList().stream().map(e -> e instanceof TomlTable t ? t.toMap() : e).toList());
        }
        return Optional.ofNullable(v);
    }

    private static Optional<String> string(TomlTable toml, Path file, String key, String expected) {
        Object v = toml.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof String s) || s.isBlank()) {
            throw bad(file, key, expected, v);
        }
        return Optional.of(s);
    }

    private static Optional<Integer> concurrency(TomlTable toml, Path file) {
        Object v = toml.get("concurrency");
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof Long n) || n < 1 || n > MAX_CONCURRENCY) {
            throw bad(file, "concurrency", "an integer from 1 to " + MAX_CONCURRENCY, v);
        }
        return Optional.of(n.intValue());
    }

    /** The most a download without a lockfile size may write: bytes, or a size such as {@code "16G"}. */
    private static Optional<Long> maxDownloadSize(TomlTable toml, Path file) {
        Object v = toml.get("max-download-size");
        if (v == null) {
            return Optional.empty();
        }
        try {
            long bytes = v instanceof Long n ? n : v instanceof String s ? ByteSize.parse(s).bytes() : 0;
            if (bytes >= 1) {
                return Optional.of(bytes);
            }
        } catch (CommandLine.TypeConversionException e) {
            // reported below, with the key and the file
        }
        throw bad(file, "max-download-size", "a size such as \"16G\" or \"500M\" (at least 1 byte)", v);
    }

    /** {@code rpm-gpg-keys}: armoured key files whose header signatures RPM headers must carry. */
    private static List<Path> rpmGpgKeys(TomlTable toml, Path file, Path dir, Map<String, String> env) {
        Object v = toml.get("rpm-gpg-keys");
        if (v == null) {
            return List.of();
        }
        String expected = "an array of key file paths, such as [\"/etc/pki/rpm-gpg/RPM-GPG-KEY-redhat-release\"]";
        if (!(v instanceof TomlArray array)) {
            throw bad(file, "rpm-gpg-keys", expected, v);
        }
        List<Path> keys = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            if (!(array.get(i) instanceof String s) || s.isBlank()) {
                throw bad(file, "rpm-gpg-keys", expected, v);
            }
            keys.add(path(s, dir, env, file));
        }
        return List.copyOf(keys);
    }

    /** A path from a setting: {@code ~/} is the home directory; a relative path is relative to {@code base}. */
    static Path path(String value, Path base, Map<String, String> env, Object where) {
        try {
            if (value.equals("~") || value.startsWith("~/")) {
                Path home = BaseDirectories.home(env);
                return value.length() <= 2 ? home : home.resolve(value.substring(2));
            }
            return base.resolve(value).normalize();
        } catch (InvalidPathException e) {
            throw new LazybuildException(LazybuildException.Kind.CONFIG, where + ": cache-dir \"" + value
                    + "\" is not a usable path: " + e.getReason());
        }
    }

    public static String mountTarget(String s, Object where) {
        if (!s.startsWith("/") || s.equals("/") || s.contains("..") || s.contains(":")) {
            throw new LazybuildException(LazybuildException.Kind.CONFIG, where + ": mount-target must be an absolute"
                    + " path other than / (without '..' or ':'), such as \"/cachi2\"; got \"" + s + "\"");
        }
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static Optional<List<String>> podmanArgs(TomlTable toml, Path file) {
        Object v = toml.get("podman-args");
        if (v == null) {
            return Optional.empty();
        }
        String expected = "an array of strings, such as [\"--runtime\", \"runc\"]";
        if (!(v instanceof TomlArray array)) {
            throw bad(file, "podman-args", expected, v);
        }
        List<String> args = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            if (!(array.get(i) instanceof String s)) {
                throw bad(file, "podman-args", expected, v);
            }
            args.add(s);
        }
        return Optional.of(List.copyOf(args));
    }

    private static Map<String, String> mirrors(TomlTable toml, Path file) {
        Object v = toml.get("mirrors");
        if (v == null) {
            return Map.of();
        }
        String expected = "a table of \"URL prefix\" = \"mirror URL prefix\" (http or https)";
        if (!(v instanceof TomlTable table)) {
            throw bad(file, "mirrors", expected, v);
        }
        Map<String, String> mirrors = new LinkedHashMap<>();
        // Keys are quoted URLs, so read the table's own entries: a dotted path would split them at '.'.
        for (Map.Entry<String, Object> e : table.entrySet()) {
            if (!(e.getValue() instanceof String to) || !isHttpUrl(e.getKey()) || !isHttpUrl(to)) {
                throw bad(file, "mirrors.\"" + e.getKey() + "\"", expected, e.getValue());
            }
            mirrors.put(e.getKey(), to);
        }
        return mirrors;
    }

    /** {@code [team-cache]}: the S3-compatible bucket a team shares; credentials never come from here. */
    private static Optional<TierSettings> teamCache(TomlTable toml, Path file) {
        Object v = toml.get("team-cache");
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof TomlTable t)) {
            throw bad(file, "team-cache", "a table with endpoint, bucket and optionally prefix, region, path-style, upload", v);
        }
        String endpoint = string(t, file, "endpoint", "the S3 endpoint URL, such as \"https://s3.eu-west-1.amazonaws.com\"")
                .orElseThrow(() -> bad(file, "team-cache.endpoint", "the S3 endpoint URL (it is missing)", "nothing"));
        if (!isHttpUrl(endpoint)) {
            throw bad(file, "team-cache.endpoint", "an http(s) URL", endpoint);
        }
        String bucket = string(t, file, "bucket", "a bucket name")
                .orElseThrow(() -> bad(file, "team-cache.bucket", "a bucket name (it is missing)", "nothing"));
        String prefix = string(t, file, "prefix", "a key prefix such as \"lazybuild/\"").orElse("");
        String region = string(t, file, "region", "a region name such as \"us-east-1\"").orElse(null);
        return Optional.of(new TierSettings(URI.create(endpoint), bucket, prefix, region,
                bool(t, file, "path-style", "team-cache.path-style").orElse(true),
                bool(t, file, "upload", "team-cache.upload").orElse(true)));
    }

    private static Optional<Boolean> bool(TomlTable t, Path file, String key, String shownKey) {
        Object v = t.get(List.of(key));
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof Boolean b)) {
            throw bad(file, shownKey, "true or false", v);
        }
        return Optional.of(b);
    }

    private static boolean isHttpUrl(String s) {
        try {
            URI u = URI.create(s);
            return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static LazybuildException bad(Path file, String key, String expected, Object got) {
        String shown = got instanceof String s ? "\"" + s + "\"" : got instanceof TomlTable ? "a table"
                : got instanceof TomlArray a ? "an array of " + a.size() : String.valueOf(got);
        return new LazybuildException(LazybuildException.Kind.CONFIG,
                file + ": " + key + " must be " + expected + "; got " + shown);
    }
}
