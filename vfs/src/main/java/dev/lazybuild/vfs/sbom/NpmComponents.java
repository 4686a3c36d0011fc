package dev.lazybuild.vfs.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lazybuild.fetch.Digest;
import dev.lazybuild.vfs.lockfile.LockfileException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The components Hermeto's npm backend lists for a {@code package-lock.json}
 * (hermeto/core/package_managers/javascript/npm/project.py): the project itself, then every
 * {@code packages} entry but links. A registry package is {@code pkg:npm/<name>@<version>};
 * an https tarball adds {@code download_url} and {@code checksum}; what the source tree holds
 * (workspaces, {@code file:} dependencies) has the path below the project as its subpath and
 * would have Hermeto's {@code vcs_url}, which only a git checkout can tell. Git dependencies
 * never get here: the lockfile reader refuses them.
 *
 * <p>Runs after {@code Lockfiles.read} accepted the file, so structure is not checked again.
 */
final class NpmComponents {
    private static final Set<String> REGISTRY_HOSTS = Set.of("registry.npmjs.org", "registry.yarnpkg.com");
    private static final String NODE_MODULES = "node_modules/";
    static final String BUNDLED = "cdx:npm:package:bundled";
    static final String DEVELOPMENT = "cdx:npm:package:development";

    private NpmComponents() { }

    static List<DeclaredComponent> read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw LockfileException.at(file, null, "cannot read: " + e.getMessage());
        }
        JsonNode packages = root.path("packages");
        Map<String, Digest> tarballByKey = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = packages.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Digest tarball = tarball(e.getValue());
            if (tarball != null) {
                tarballByKey.put(e.getKey(), tarball);
            }
        }
        List<DeclaredComponent> out = new ArrayList<>();
        // npm writes both; Hermeto reads the top-level one.
        JsonNode project = root.hasNonNull("name") ? root : packages.path("");
        String projectName = project.path("name").asText("");
        if (projectName.isEmpty()) {
            throw LockfileException.at(file, null, "has no 'name' (neither at the top level nor in packages[\"\"]),"
                    + " which names the project in the SBOM");
        }
        out.add(component(file, "the project", projectName, text(project, "version"), Map.of(), null, Set.of(), false, false));
        for (Iterator<Map.Entry<String, JsonNode>> it = packages.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode pkg = e.getValue();
            if (key.isEmpty() || pkg.path("link").asBoolean(false)) {
                continue; // the project is above; a link's target is its own entry
            }
            String entry = "packages[\"" + key + "\"]";
            String name = pkg.hasNonNull("name") ? pkg.get("name").asText() : nameFromPath(key);
            String version = text(pkg, "version");
            boolean bundled = pkg.path("inBundle").asBoolean(false) && !pkg.has("resolved");
            boolean dev = pkg.path("dev").asBoolean(false);
            String resolved = pkg.has("resolved") ? pkg.get("resolved").asText() : bundled ? null : "file:" + key;
            Map<String, String> qualifiers = new TreeMap<>();
            String subpath = null;
            Set<Digest> contents;
            if (resolved == null) {
                contents = bundlingTarball(key, tarballByKey);
            } else if (resolved.startsWith("file:")) {
                subpath = subpath(resolved.substring("file:".length()));
                contents = Set.of();
            } else {
                Digest tarball = tarballByKey.get(key);
                contents = tarball == null ? Set.of() : Set.of(tarball);
                if (!REGISTRY_HOSTS.contains(host(resolved))) {
                    qualifiers.put("download_url", resolved);
                    qualifiers.put("checksum", tarball == null ? null : tarball.toString());
                }
            }
            out.add(component(file, entry, name, version, qualifiers, subpath, contents, bundled, dev));
        }
        return out;
    }

    private static DeclaredComponent component(Path file, String entry, String name, String version,
            Map<String, String> qualifiers, String subpath, Set<Digest> contents, boolean bundled, boolean dev) {
        // purl-spec: an npm scope is the namespace, and the name is lowercased (as Hermeto does).
        String lower = name.toLowerCase(Locale.ROOT);
        int slash = lower.startsWith("@") ? lower.indexOf('/') : -1;
        String purl = PackageUrls.of("npm", slash < 0 ? null : lower.substring(0, slash), lower.substring(slash + 1),
                version, qualifiers, subpath, file, entry);
        TreeMap<String, String> properties = new TreeMap<>();
        if (bundled) {
            properties.put(BUNDLED, "true");
        }
        if (dev) {
            properties.put(DEVELOPMENT, "true");
        }
        return new DeclaredComponent(name, version, purl, false, contents, properties, null);
    }

    /** The digest of the tarball an entry downloads, or null (bundled, file:, link). */
    private static Digest tarball(JsonNode pkg) {
        String resolved = pkg.path("resolved").asText("");
        String integrity = pkg.path("integrity").asText("");
        if (resolved.isEmpty() || resolved.startsWith("file:") || integrity.isEmpty()) {
            return null;
        }
        return Digest.parseSri(integrity);
    }

    /** A bundled package lives in the tarball of the nearest enclosing package that has one. */
    private static Set<Digest> bundlingTarball(String key, Map<String, Digest> tarballByKey) {
        String k = key;
        for (int i = k.lastIndexOf("/" + NODE_MODULES); i >= 0; i = k.lastIndexOf("/" + NODE_MODULES)) {
            k = k.substring(0, i);
            if (tarballByKey.containsKey(k)) {
                return Set.of(tarballByKey.get(k));
            }
        }
        return Set.of();
    }

    /** A {@code file:} path as a purl subpath below the project; none for the project itself. */
    private static String subpath(String path) {
        String normalized = Path.of(path).normalize().toString();
        return normalized.isEmpty() || normalized.equals(".") ? null : normalized;
    }

    /** As Hermeto: the last path segment, with its scope when the parent segment is one. */
    private static String nameFromPath(String key) {
        String[] segments = key.split("/");
        String last = segments[segments.length - 1];
        return segments.length > 1 && segments[segments.length - 2].startsWith("@")
                ? segments[segments.length - 2] + "/" + last : last;
    }

    private static String host(String url) {
        String host = URI.create(url.trim()).getHost();
        return host == null ? "" : host.toLowerCase(Locale.ROOT);
    }

    private static String text(JsonNode node, String key) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }
}
