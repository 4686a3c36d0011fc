package dev.lazybuild.vfs.input;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A Hermeto input: what {@code hermeto fetch-deps} takes and Konflux passes from a PipelineRun's
 * {@code prefetch-input} param. The accepted forms are Hermeto's ({@code hermeto/interface/cli.py}):
 * a package manager name ({@code pip}), one package object, a list of them, or an object with
 * {@code packages} and {@code flags}. Validation follows {@code hermeto/core/models/input.py}: unknown
 * keys are refused, paths must be relative without {@code ..}, packages with the same type and path
 * are one package when equal and a conflict otherwise, an empty list is refused.
 *
 * <p>Unlike Hermeto, a string that is not JSON is never taken as the name of a file to read: the
 * text may come from a PipelineRun in an untrusted checkout ({@code --prefetch-input @FILE} reads
 * a file the user names).
 */
public record PrefetchInput(List<PackageInput> packages, List<String> flags) {
    /** Hermeto's PackageManagerType: the names it accepts, whether lazybuild reads them or not. */
    static final Set<String> HERMETO_TYPES = Set.of("bundler", "cargo", "generic", "gomod", "npm", "pip", "pnpm",
            "rpm", "yarn", "x-maven");
    static final Set<String> HERMETO_FLAGS = Set.of("cgo-disable", "dev-package-managers", "force-gomod-tidy",
            "gomod-vendor", "gomod-vendor-check");
    /** A --prefetch-input or a param value longer than this is not an input but an attack. */
    static final int MAX_TEXT_CHARS = 1 << 20;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
    }

    public PrefetchInput {
        packages = List.copyOf(packages);
        flags = List.copyOf(flags);
    }

    /** Hermeto's type names in the order the packages list them, each once. */
    public Set<String> types() {
        Set<String> types = new LinkedHashSet<>();
        packages.forEach(p -> types.add(p.type()));
        return types;
    }

    /**
     * Parses Hermeto's text forms: JSON (an object or a list) or a bare package manager name.
     *
     * @param where names the source in messages, e.g. {@code --prefetch-input} or
     *        {@code .tekton/app-push.yaml: param prefetch-input}
     */
    public static PrefetchInput parse(String text, String where) {
        if (text.length() > MAX_TEXT_CHARS) {
            throw new InputException(where + ": longer than " + MAX_TEXT_CHARS + " characters");
        }
        String stripped = text.strip();
        if (stripped.startsWith("{") || stripped.startsWith("[")) {
            Object tree;
            try {
                tree = JSON.readValue(stripped, Object.class);
            } catch (JacksonException e) {
                throw new InputException(where + ": not valid JSON: " + e.getOriginalMessage()
                        + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + ")"), e);
            }
            return of(tree, where);
        }
        return of(Map.of("type", text), where);
    }

    /**
     * Validates an input already parsed from JSON or YAML (maps, lists, strings, numbers,
     * booleans), e.g. a PipelineRun param whose value is a YAML list.
     */
    public static PrefetchInput of(Object tree, String where) {
        Map<String, Object> top;
        if (tree instanceof Map<?, ?> map && map.containsKey("packages")) {
            top = object(map, where, "input");
            onlyKeys(top, Set.of("packages", "flags"), where, "input");
        } else if (tree instanceof Map<?, ?> map) {
            top = Map.of("packages", List.of(map));
        } else if (tree instanceof List<?> list) {
            top = Map.of("packages", list);
        } else if (tree instanceof String s) {
            return parse(s, where);
        } else {
            throw new InputException(where + ": expected a package manager name, a package object or a list of "
                    + "them, got " + kind(tree));
        }
        List<?> rawPackages = list(top.get("packages"), where, "packages");
        if (rawPackages.isEmpty()) {
            throw new InputException(where + ": packages: at least one package must be defined, got an empty list");
        }
        Map<String, PackageInput> byTypeAndPath = new LinkedHashMap<>();
        for (int i = 0; i < rawPackages.size(); i++) {
            PackageInput p = PackageInputs.read(rawPackages.get(i), where, "packages[" + i + "]");
            String key = p.type() + " " + p.path();
            PackageInput earlier = byTypeAndPath.putIfAbsent(key, p);
            if (earlier != null && !earlier.equals(p)) {
                throw new InputException(where + ": packages[" + i + "]: conflicts with an earlier " + p.type()
                        + " package at path '" + p.path() + "' with other options; give each path once");
            }
        }
        List<String> flags = new ArrayList<>();
        Object rawFlags = top.get("flags");
        if (rawFlags != null) {
            List<?> given = list(rawFlags, where, "flags");
            for (int i = 0; i < given.size(); i++) {
                String flag = string(given.get(i), where, "flags[" + i + "]");
                if (!HERMETO_FLAGS.contains(flag)) {
                    throw new InputException(where + ": flags[" + i + "]: unknown flag '" + flag + "'; Hermeto's are "
                            + String.join(", ", new java.util.TreeSet<>(HERMETO_FLAGS)));
                }
                flags.add(flag);
            }
        }
        return new PrefetchInput(new ArrayList<>(byTypeAndPath.values()), flags);
    }

    static Map<String, Object> object(Object value, String where, String at) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new InputException(where + ": " + at + ": expected an object, got " + kind(value));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new InputException(where + ": " + at + ": key " + e.getKey() + " is not a string");
            }
            out.put(key, e.getValue());
        }
        return out;
    }

    static void onlyKeys(Map<String, Object> map, Set<String> allowed, String where, String at) {
        for (String key : map.keySet()) {
            if (!allowed.contains(key)) {
                throw new InputException(where + ": " + at + ": unknown key '" + key + "' (Hermeto accepts "
                        + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
        }
    }

    static List<?> list(Object value, String where, String at) {
        if (!(value instanceof List<?> list)) {
            throw new InputException(where + ": " + at + ": expected a list, got " + kind(value));
        }
        return list;
    }

    static String string(Object value, String where, String at) {
        if (!(value instanceof String s)) {
            throw new InputException(where + ": " + at + ": expected a string, got " + kind(value));
        }
        return s;
    }

    /** pydantic's lax bool: true/false, 0/1 and the words it knows. */
    static boolean bool(Object value, String where, String at) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Integer i && (i == 0 || i == 1)) {
            return i == 1;
        }
        if (value instanceof String s) {
            switch (s.toLowerCase(Locale.ROOT)) {
                case "1", "on", "t", "true", "y", "yes":
                    return true;
                case "0", "off", "f", "false", "n", "no":
                    return false;
                default:
                    break;
            }
        }
        throw new InputException(where + ": " + at + ": expected a boolean, got " + kind(value));
    }

    static String kind(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return "the string '" + (s.length() > 60 ? s.substring(0, 60) + "..." : s) + "'";
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "a list";
        }
        if (value instanceof Boolean || value instanceof Number) {
            return value.getClass().getSimpleName().toLowerCase(Locale.ROOT) + " " + value;
        }
        return value.getClass().getSimpleName();
    }
}
