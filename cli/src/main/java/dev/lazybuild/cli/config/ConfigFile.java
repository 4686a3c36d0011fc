package dev.lazybuild.cli.config;

import dev.lazybuild.fetch.BaseDirectories;
import dev.lazybuild.fetch.LazybuildException;
import dev.lazybuild.fetch.team.TierSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * The settings one TOML file sets (every field empty when the file does not set it), checked
 * as they are read: a bad value is an error naming file, key and what is expected; an unknown
 * key only a warning, so a file written for a newer lazybuild still works with this one.
 */
public record ConfigFile(Path file, Optional<Path> cacheDir, Optional<Integer> concurrency, Optional<String> mountTarget,
        Optional<List<String>> podmanArgs, Map<String, String> mirrors, Optional<TierSettings> teamCache,
        List<String> warnings, Optional<Object> prefetchInput) {

    static final Set<String> KEYS = Set.of("cache-dir", "concurrency", "mount-target", "podman-args", "mirrors", "team-cache",
            "prefetch-input");
    static final Set<String> TEAM_CACHE_KEYS = Set.of("endpoint", "bucket", "prefix", "region", "path-style", "upload");
    static final int MAX_CONCURRENCY = 64;

    static ConfigFile read(Path file, Map<String, String> env) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new LazybuildException(LazybuildException.Kind.CONFIG,
                    "cannot read config file " + file + ": " + e.getMessage(), e);
        }
        TomlParseResult toml = Toml.parse(text);
        if (toml.hasErrors()) {
            TomlParseError first = toml.errors().get(0);
            throw new LazybuildException(LazybuildException.Kind.CONFIG, file + ":" + first.position().line() + ":"
                    + first.position().column() + ": not valid TOML: " + first.getMessage());
        }
        List<String> warnings = new ArrayList<>();
        for (String key : toml.keySet()) {
            if (!KEYS.contains(key)) {
                warnings.add(file + ": unknown key '" + key + "' ignored (known keys: cache-dir, concurrency, "
                        + "mirrors, mount-target, podman-args, prefetch-input, team-cache)");
            }
        }
        if (toml.get("team-cache") instanceof TomlTable team) {
            for (String key : team.keySet()) {
                if (!TEAM_CACHE_KEYS.contains(key)) {
                    warnings.add(file + ": unknown key 'team-cache." + key + "' ignored (known keys: bucket, endpoint, "
                            + "path-style, prefix, region, upload)");
                }
            }
        }
        Path dir = file.toAbsolutePath().getParent();
        return new ConfigFile(file,
                string(toml, file, "cache-dir", "a directory path").map(s -> path(s, dir, env)),
                concurrency(toml, file),
                string(toml, file, "mount-target", "an absolute path such as \"/cachi2\"").map(s -> mountTarget(s, file)),
                podmanArgs(toml, file),
                mirrors(toml, file),
                teamCache(toml, file),
                List.copyOf(warnings),
                prefetchInput(toml));
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

    /** A path from a setting: {@code ~/} is the home directory; a relative path is relative to {@code base}. */
    static Path path(String value, Path base, Map<String, String> env) {
        if (value.equals("~") || value.startsWith("~/")) {
            Path home = BaseDirectories.home(env);
            return value.length() <= 2 ? home : home.resolve(value.substring(2));
        }
        return base.resolve(value).normalize();
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
                bool(t, file, "path-style").orElse(true), bool(t, file, "upload").orElse(true)));
    }

    private static Optional<Boolean> bool(TomlTable t, Path file, String key) {
        Object v = t.get(List.of(key));
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof Boolean b)) {
            throw bad(file, "team-cache." + key, "true or false", v);
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
