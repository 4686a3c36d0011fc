package dev.lazybuild.vfs.input;

import static dev.lazybuild.vfs.input.PrefetchInput.bool;
import static dev.lazybuild.vfs.input.PrefetchInput.kind;
import static dev.lazybuild.vfs.input.PrefetchInput.list;
import static dev.lazybuild.vfs.input.PrefetchInput.object;
import static dev.lazybuild.vfs.input.PrefetchInput.onlyKeys;
import static dev.lazybuild.vfs.input.PrefetchInput.string;

import dev.lazybuild.vfs.input.PackageInput.PipBinary;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads one package object into its {@link PackageInput}, with Hermeto's validation and normalisation. */
final class PackageInputs {
    private static final Set<String> BASE_KEYS = Set.of("type", "path");

    private PackageInputs() { }

    static PackageInput read(Object raw, String where, String at) {
        Map<String, Object> pkg = object(raw, where, at);
        if (!pkg.containsKey("type")) {
            throw new InputException(where + ": " + at + ": 'type' is missing");
        }
        String type = string(pkg.get("type"), where, at + ".type");
        if (!PrefetchInput.HERMETO_TYPES.contains(type)) {
            throw new InputException(where + ": " + at + ": unknown package manager type '" + type + "' (Hermeto's are "
                    + String.join(", ", new java.util.TreeSet<>(PrefetchInput.HERMETO_TYPES)) + ")");
        }
        String here = at + " (" + type + ")";
        String path = pkg.containsKey("path") ? relativePath(pkg.get("path"), where, here + ".path") : ".";
        return switch (type) {
            case "rpm" -> rpm(pkg, path, where, here);
            case "generic" -> {
                onlyKeys(pkg, keys("lockfile"), where, here);
                Object lockfile = pkg.get("lockfile");
                yield new PackageInput.Generic(path, lockfile == null ? null : lockfilePath(lockfile, where,
                        here + ".lockfile"));
            }
            case "npm" -> {
                onlyKeys(pkg, BASE_KEYS, where, here);
                yield new PackageInput.Npm(path);
            }
            case "pip" -> pip(pkg, path, where, here);
            case "gomod" -> {
                onlyKeys(pkg, BASE_KEYS, where, here);
                yield new PackageInput.Gomod(path);
            }
            default -> new PackageInput.Unsupported(type, path);
        };
    }

    private static PackageInput.Rpm rpm(Map<String, Object> pkg, String path, String where, String at) {
        onlyKeys(pkg, keys("include_summary_in_sbom", "options", "binary"), where, at);
        boolean summary = pkg.get("include_summary_in_sbom") != null
                && bool(pkg.get("include_summary_in_sbom"), where, at + ".include_summary_in_sbom");
        Map<String, Map<String, String>> dnf = Map.of();
        PackageInput.SslOptions ssl = null;
        if (pkg.get("options") != null) {
            Map<String, Object> options = object(pkg.get("options"), where, at + ".options");
            onlyKeys(options, Set.of("dnf", "ssl"), where, at + ".options");
            if (options.get("dnf") != null) {
                dnf = dnfOptions(options.get("dnf"), where, at + ".options.dnf");
            }
            if (options.get("ssl") != null) {
                ssl = ssl(options.get("ssl"), where, at + ".options.ssl");
            }
        }
        String arch = null;
        if (pkg.get("binary") != null) {
            Map<String, Object> binary = object(pkg.get("binary"), where, at + ".binary");
            onlyKeys(binary, Set.of("arch"), where, at + ".binary");
            arch = binary.containsKey("arch") ? filter(binary.get("arch"), where, at + ".binary.arch") : PipBinary.ALL;
        }
        return new PackageInput.Rpm(path, summary, dnf, ssl, arch);
    }

    /** {@code {repoid: {option: value}}}; values become what ConfigParser writes for them. */
    private static Map<String, Map<String, String>> dnfOptions(Object raw, String where, String at) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> repo : object(raw, where, at).entrySet()) {
            String repoAt = at + "." + repo.getKey();
            if (!repo.getKey().matches("[A-Za-z0-9_.:-]+")) {
                throw new InputException(where + ": " + repoAt + ": not a repoid dnf accepts");
            }
            Map<String, String> options = new LinkedHashMap<>();
            for (Map.Entry<String, Object> option : object(repo.getValue(), where, repoAt).entrySet()) {
                if (!option.getKey().matches("[A-Za-z0-9_]+")) {
                    throw new InputException(where + ": " + repoAt + ": '" + option.getKey() + "' is not a dnf option name");
                }
                options.put(option.getKey(), pythonStr(option.getValue(), where, repoAt + "." + option.getKey()));
            }
            out.put(repo.getKey(), Map.copyOf(options));
        }
        return out;
    }

    private static PackageInput.SslOptions ssl(Object raw, String where, String at) {
        Map<String, Object> ssl = object(raw, where, at);
        onlyKeys(ssl, Set.of("client_cert", "client_key", "ca_bundle", "ssl_verify"), where, at);
        String cert = optionalString(ssl.get("client_cert"), where, at + ".client_cert");
        String key = optionalString(ssl.get("client_key"), where, at + ".client_key");
        if ((cert == null) != (key == null)) {
            throw new InputException(where + ": " + at + ": When using client certificates, client_key and "
                    + "client_cert must both be provided.");
        }
        boolean verify = ssl.get("ssl_verify") == null || bool(ssl.get("ssl_verify"), where, at + ".ssl_verify");
        return new PackageInput.SslOptions(cert, key, optionalString(ssl.get("ca_bundle"), where, at + ".ca_bundle"),
                verify);
    }

    private static PackageInput.Pip pip(Map<String, Object> pkg, String path, String where, String at) {
        onlyKeys(pkg, keys("requirements_files", "requirements_build_files", "allow_binary", "binary"), where, at);
        List<String> requirements = paths(pkg, "requirements_files", where, at);
        List<String> build = paths(pkg, "requirements_build_files", where, at);
        boolean allowBinary = pkg.get("allow_binary") != null && bool(pkg.get("allow_binary"), where, at + ".allow_binary");
        PipBinary binary = pkg.get("binary") == null ? null : pipBinary(pkg.get("binary"), where, at + ".binary");
        if (binary == null && allowBinary) {
            binary = PipBinary.ALLOW_BINARY; // Hermeto's migration of the deprecated field; 'binary' wins when both are given
        }
        return new PackageInput.Pip(path, requirements, build, binary);
    }

    private static PipBinary pipBinary(Object raw, String where, String at) {
        Map<String, Object> b = object(raw, where, at);
        onlyKeys(b, Set.of("packages", "arch", "os", "py_version", "py_impl", "abi", "platform"), where, at);
        PipBinary d = PipBinary.DEFAULTS;
        String arch = b.containsKey("arch") ? filter(b.get("arch"), where, at + ".arch") : d.arch();
        String os = b.containsKey("os") ? filter(b.get("os"), where, at + ".os") : d.os();
        String platform = b.get("platform") == null ? null : string(b.get("platform"), where, at + ".platform");
        if (platform != null) {
            try {
                Pattern.compile(platform);
            } catch (PatternSyntaxException e) {
                throw new InputException(where + ": " + at + ".platform: Invalid platform regex: " + platform);
            }
            if (!os.equals(d.os()) || !arch.equals(d.arch())) {
                throw new InputException(where + ": " + at + ": Use either 'platform' (regex pattern) or 'os' with "
                        + "'arch', but not both.");
            }
        }
        return new PipBinary(
                b.containsKey("packages") ? filter(b.get("packages"), where, at + ".packages") : d.packages(),
                arch, os,
                b.get("py_version") == null ? null : integer(b.get("py_version"), where, at + ".py_version"),
                b.containsKey("py_impl") ? filter(b.get("py_impl"), where, at + ".py_impl") : d.pyImpl(),
                b.containsKey("abi") ? filter(b.get("abi"), where, at + ".abi") : d.abi(),
                platform);
    }

    /** Hermeto's _validate_binary_filter_format: items trimmed, empty ones dropped, each kept once in order. */
    static String filter(Object raw, String where, String at) {
        if (!(raw instanceof String value)) {
            throw new InputException(where + ": " + at + ": Binary filter must be a string, got " + kind(raw));
        }
        Set<String> items = new LinkedHashSet<>();
        for (String item : value.split(",", -1)) {
            if (!item.strip().isEmpty()) {
                items.add(item.strip());
            }
        }
        if (items.isEmpty()) {
            throw new InputException(where + ": " + at + ": Binary filter cannot contain only empty values");
        }
        return String.join(",", items);
    }

    private static List<String> paths(Map<String, Object> pkg, String key, String where, String at) {
        if (!pkg.containsKey(key)) {
            return null;
        }
        if (pkg.get(key) == null) {
            throw new InputException(where + ": " + at + "." + key + ": none is not an allowed value");
        }
        List<?> raw = list(pkg.get(key), where, at + "." + key);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            out.add(relativePath(raw.get(i), where, at + "." + key + "[" + i + "]"));
        }
        return out;
    }

    /**
     * Hermeto's check_sane_relpath on a pathlib path: relative, no {@code ..}; normalised as
     * pathlib compares paths (empty and {@code .} segments dropped).
     */
    static String relativePath(Object raw, String where, String at) {
        String value = string(raw, where, at);
        if (value.indexOf('\0') >= 0) {
            throw new InputException(where + ": " + at + ": path contains a NUL character");
        }
        if (value.startsWith("/")) {
            throw new InputException(where + ": " + at + ": path must be relative: " + value);
        }
        List<String> parts = new ArrayList<>();
        for (String part : value.split("/")) {
            if (part.equals("..")) {
                throw new InputException(where + ": " + at + ": path contains ..: " + value);
            }
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        return parts.isEmpty() ? "." : String.join("/", parts);
    }

    /**
     * A generic lockfile path. Hermeto also takes an absolute path; lazybuild does not, since the
     * input may come from an untrusted checkout and must not pick a file elsewhere on this host.
     */
    private static String lockfilePath(Object raw, String where, String at) {
        String value = string(raw, where, at);
        if (value.startsWith("/")) {
            throw new InputException(where + ": " + at + ": lazybuild takes a lockfile path relative to the "
                    + "package path, not '" + value + "'");
        }
        return relativePath(value, where, at);
    }

    private static int integer(Object raw, String where, String at) {
        if (raw instanceof Integer i) {
            return i;
        }
        if (raw instanceof Long l && l == l.intValue()) {
            return l.intValue(); // TOML's integers
        }
        if (raw instanceof String s && s.strip().matches("[+-]?\\d{1,9}")) {
            return Integer.parseInt(s.strip());
        }
        throw new InputException(where + ": " + at + ": expected an integer, got " + kind(raw));
    }

    private static String optionalString(Object raw, String where, String at) {
        return raw == null ? null : string(raw, where, at);
    }

    /** What Python's str() gives for a scalar, as ConfigParser writes an option value. */
    private static String pythonStr(Object value, String where, String at) {
        if (value instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (value instanceof String || value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
            String s = value.toString();
            if (s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
                throw new InputException(where + ": " + at + ": a repo option value cannot contain a line break");
            }
            return s;
        }
        throw new InputException(where + ": " + at + ": expected a string, number or boolean, got " + kind(value));
    }

    private static Set<String> keys(String... more) {
        Set<String> keys = new LinkedHashSet<>(BASE_KEYS);
        keys.addAll(List.of(more));
        return keys;
    }
}
