package dev.lazybuild.vfs.inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.lazybuild.fetch.Digest;
import dev.lazybuild.vfs.lockfile.NpmTarballs;
import dev.lazybuild.vfs.input.InputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What Hermeto's inject-files writes over an npm package ({@code javascript/npm/resolver.py}):
 * the lockfile with every downloaded package's {@code resolved} pointing at its tarball under
 * {@code file://<output>/deps/npm/}, git packages' {@code integrity} emptied, and in the lockfile
 * and in every {@code package.json} (the root's and the workspaces') each dependency given as a
 * URL or a {@code user/repo} path replaced by {@code ""}, so {@code npm ci --offline} installs from
 * the prefetched tarballs. Both files are written whole, as {@code json.dumps(..., indent=2)}
 * plus a newline: a build sees Hermeto's bytes, reformatting included.
 */
public final class NpmInjection {
    private static final List<String> DEPENDENCY_TYPES = List.of("dependencies", "devDependencies",
            "optionalDependencies", "peerDependencies");

    private NpmInjection() { }

    /**
     * The lockfile as Hermeto rewrites it.
     *
     * @param outputDir where the build sees Hermeto's output, e.g. {@code /cachi2/output}
     * @param shown names the file in messages
     */
    public static byte[] lockfile(byte[] original, String outputDir, String shown) {
        JsonNode root = PythonJson.read(original, shown);
        ObjectNode packages = packages(root, shown);
        // _get_npm_dependencies: one download per resolved URL, named after the last package that has it.
        Map<String, ObjectNode> byUrl = new HashMap<>();
        Map<String, String> nameOf = new HashMap<>();
        List<Map.Entry<String, ObjectNode>> entries = entries(packages, shown);
        for (Map.Entry<String, ObjectNode> e : entries) {
            String resolved = resolved(e.getKey(), e.getValue());
            if (!e.getKey().isEmpty() && resolved != null && !resolved.startsWith("file:")) {
                byUrl.put(NpmTarballs.normalized(resolved), e.getValue());
                nameOf.put(NpmTarballs.normalized(resolved), name(e.getKey(), e.getValue()));
            }
        }
        for (Map.Entry<String, ObjectNode> e : entries) {
            ObjectNode pkg = e.getValue();
            emptyUrlDependencies(pkg);
            String resolved = resolved(e.getKey(), pkg);
            if (e.getKey().isEmpty() || resolved == null) {
                continue;
            }
            String url = NpmTarballs.normalized(resolved);
            NpmTarballs.Source source = NpmTarballs.classify(url);
            if (source == NpmTarballs.Source.GIT && pkg.hasNonNull("integrity") && truthy(pkg.get("integrity"))) {
                pkg.put("integrity", ""); // a tarball packed from a clone has another digest
            }
            if (source != NpmTarballs.Source.FILE) {
                String path = depsPath(url, source, nameOf.get(url), byUrl.get(url), shown, e.getKey());
                pkg.put("resolved", "file://" + outputDir + "/" + NpmTarballs.NPM_DIR + path);
            }
        }
        return bytes(root);
    }

    /** A {@code package.json} as Hermeto rewrites it (always reformatted, even when no dependency changes). */
    public static byte[] packageJson(byte[] original, String shown) {
        JsonNode root = PythonJson.read(original, shown);
        if (!root.isObject()) {
            throw new InputException(shown + ": is not a JSON object");
        }
        emptyUrlDependencies((ObjectNode) root);
        return bytes(root);
    }

    /**
     * The workspaces whose {@code package.json} Hermeto rewrites too: the {@code resolved} of each
     * link entry that matches one of the root package's {@code workspaces} patterns (fnmatch).
     */
    public static List<String> workspaces(byte[] lockfile, String shown) {
        JsonNode root = PythonJson.read(lockfile, shown);
        ObjectNode packages = packages(root, shown);
        JsonNode patterns = packages.path("").path("workspaces");
        List<Pattern> globs = new ArrayList<>();
        if (patterns.isArray()) {
            patterns.forEach(p -> globs.add(fnmatch(posixPath(p.asText()))));
        } else if (patterns.isObject()) {
            patterns.fieldNames().forEachRemaining(p -> globs.add(fnmatch(posixPath(p))));
        }
        List<String> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = packages.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode resolved = e.getValue().get("resolved");
            if (truthy(e.getValue().get("link")) && resolved != null && resolved.isTextual()
                    && globs.stream().anyMatch(g -> g.matcher(resolved.textValue()).matches())) {
                out.add(resolved.textValue());
            }
        }
        return out;
    }

    private static String depsPath(String url, NpmTarballs.Source source, String name, ObjectNode pkg, String shown,
            String key) {
        String entry = shown + ": packages[\"" + key + "\"]";
        switch (source) {
            case REGISTRY:
                return NpmTarballs.registryFileName(name, text(pkg.get("version")));
            case GIT: {
                String path = NpmTarballs.gitPath(url);
                if (path == null) {
                    throw new InputException(entry + ": " + url + " is not a git URL Hermeto can fetch");
                }
                return path;
            }
            default: {
                String integrity = text(pkg.get("integrity"));
                if (integrity.isEmpty() || integrity.equals("None")) {
                    throw new InputException(entry + ": Checksum is mandatory for https dependencies");
                }
                try {
                    return NpmTarballs.externalPath(name, Digest.parseSri(integrity));
                } catch (IllegalArgumentException e) {
                    throw new InputException(entry + ": 'integrity': " + e.getMessage(), e);
                }
            }
        }
    }

    /** Package.resolved_url: the resolved URL; a file: path for a package without one; null when bundled. */
    private static String resolved(String key, ObjectNode pkg) {
        JsonNode resolved = pkg.get("resolved");
        if (resolved == null) {
            return truthy(pkg.get("inBundle")) ? null : "file:" + key;
        }
        return truthy(resolved) ? resolved.asText() : null;
    }

    /** The entry's name, else the last one or two (scoped) segments of its path. */
    private static String name(String key, ObjectNode pkg) {
        if (truthy(pkg.get("name"))) {
            return pkg.get("name").asText();
        }
        String[] parts = key.split("/");
        String last = parts[parts.length - 1];
        String parent = parts.length > 1 ? parts[parts.length - 2] : "";
        return parent.startsWith("@") ? parent + "/" + last : last;
    }

    /** _should_replace_dependency over every dependency map that has entries. */
    private static void emptyUrlDependencies(ObjectNode pkg) {
        for (String type : DEPENDENCY_TYPES) {
            JsonNode deps = pkg.get(type);
            if (deps == null || !deps.isObject()) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = deps.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> dep = it.next();
                if (dep.getValue().isTextual() && isUrlOrPath(dep.getValue().textValue())) {
                    dep.setValue(TextNode.valueOf(""));
                }
            }
        }
    }

    private static boolean isUrlOrPath(String version) {
        String scheme = NpmTarballs.PythonUrls.scheme(version);
        if (scheme.equals("file") || scheme.equals("npm")) {
            return false;
        }
        return !scheme.isEmpty() || version.contains("/");
    }

    /** The link entries are skipped as Hermeto skips them: they are neither downloaded nor rewritten. */
    private static List<Map.Entry<String, ObjectNode>> entries(ObjectNode packages, String shown) {
        List<Map.Entry<String, ObjectNode>> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = packages.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isObject()) {
                throw new InputException(shown + ": packages[\"" + e.getKey() + "\"]: is not an object");
            }
            if (!e.getKey().isEmpty() && truthy(e.getValue().get("link"))) {
                continue;
            }
            out.add(Map.entry(e.getKey(), (ObjectNode) e.getValue()));
        }
        return out;
    }

    private static ObjectNode packages(JsonNode root, String shown) {
        if (!root.isObject()) {
            throw new InputException(shown + ": is not a JSON object");
        }
        JsonNode version = root.get("lockfileVersion");
        if (version == null || !version.isIntegralNumber() || (version.asInt() != 2 && version.asInt() != 3)) {
            throw new InputException(shown + ": lockfileVersion " + version + " is not supported; Hermeto reads 2 and 3");
        }
        JsonNode packages = root.get("packages");
        if (packages == null) {
            return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        }
        if (!packages.isObject()) {
            throw new InputException(shown + ": 'packages' is not an object");
        }
        return (ObjectNode) packages;
    }

    /** Python's truthiness of a JSON value. */
    private static boolean truthy(JsonNode v) {
        if (v == null || v.isNull()) {
            return false;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isTextual()) {
            return !v.textValue().isEmpty();
        }
        if (v.isNumber()) {
            return v.doubleValue() != 0;
        }
        return !v.isEmpty();
    }

    /** Python's f-string of a value, as Hermeto formats names and versions ({@code None} when absent). */
    private static String text(JsonNode v) {
        if (v == null || v.isNull()) {
            return "None";
        }
        return v.isTextual() ? v.textValue() : PythonJson.dumps(v);
    }

    /** pathlib's as_posix of a workspace pattern: {@code ./a//b/} is {@code a/b}. */
    private static String posixPath(String p) {
        List<String> parts = new ArrayList<>();
        for (String part : p.split("/")) {
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        return (p.startsWith("/") ? "/" : "") + (parts.isEmpty() ? (p.startsWith("/") ? "" : ".") : String.join("/", parts));
    }

    /** Python's fnmatch.translate: {@code *} and {@code ?} match any character, '/' included; {@code [...]} a set. */
    static Pattern fnmatch(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                re.append("(?s:.*)");
            } else if (c == '?') {
                re.append("(?s:.)");
            } else if (c == '[') {
                int j = i + 1;
                if (j < glob.length() && glob.charAt(j) == '!') {
                    j++;
                }
                if (j < glob.length() && glob.charAt(j) == ']') {
                    j++;
                }
                while (j < glob.length() && glob.charAt(j) != ']') {
                    j++;
                }
                if (j >= glob.length()) {
                    re.append("\\[");
                } else {
                    String set = glob.substring(i + 1, j).replace("\\", "\\\\");
                    set = set.startsWith("!") ? "^" + set.substring(1) : set.startsWith("^") ? "\\" + set : set;
                    re.append('[').append(set).append(']');
                    i = j;
                }
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }

    private static byte[] bytes(JsonNode root) {
        return (PythonJson.dumps(root) + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
