package dev.lazybuild.vfs.lockfile;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.RemoteFile;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads an npm {@code package-lock.json} (lockfileVersion 2 or 3, its {@code packages} map)
 * into the files Hermeto's npm backend leaves in {@code deps/npm}:
 * <ul>
 * <li>a registry tarball as {@code <name>-<version>.tgz}, the name's leading '@' dropped and
 *     its '/' made '-' ({@code @a/b} 1.0 is {@code a-b-1.0.tgz});</li>
 * <li>any other http(s) tarball as {@code external-<name>/<name>-external-<algo>-<hex>.tgz};</li>
 * <li>nothing for links, workspace and {@code file:} packages (they are in the source tree)
 *     and for bundled packages (they are inside their parent's tarball).</li>
 * </ul>
 * The name is the entry's {@code name} (npm aliases) or else the package's path below its
 * last {@code node_modules/}. Many paths that install one package become one file. npm
 * lockfiles carry no sizes: every file's size is unknown until the store learns it.
 */
final class NpmLockReader implements LockfileReader {
    /** The hosts Hermeto treats as "the registry" (yarn's is a CNAME of npm's). */
    private static final String NODE_MODULES = "node_modules/";
    /** Duplicate keys refused: which of two 'integrity's would win is not for us to guess. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    @Override
    public List<LockedFile> read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JacksonException e) {
            // No location for limits such as the nesting depth; the message then says enough.
            throw LockfileException.at(file, null, "not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        } catch (IOException e) {
            throw LockfileException.at(file, null, "cannot read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw LockfileException.at(file, null, "is not a JSON object");
        }
        JsonNode version = root.get("lockfileVersion");
        // isInt(), not asInt(): asInt() keeps the low 32 bits, so 4294967298 would read as 2.
        if (version == null || !version.isInt() || (version.intValue() != 2 && version.intValue() != 3)) {
            throw LockfileException.at(file, null, "lockfileVersion " + (version == null ? "is missing" : version
                    + " is not supported") + "; lazybuild reads lockfileVersion 2 and 3 (run 'npm install "
                    + "--package-lock-only --lockfile-version 3' with npm 7 or later to upgrade it)");
        }
        JsonNode packages = root.get("packages");
        if (packages == null || !packages.isObject()) {
            throw LockfileException.at(file, null, "'packages' is missing or not an object");
        }
        Map<String, LockedFile> byPath = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = packages.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            LockedFile locked = tarball(file, e.getKey(), e.getValue());
            if (locked == null) {
                continue;
            }
            LockedFile earlier = byPath.putIfAbsent(locked.path(), locked);
            if (earlier != null && !earlier.remote().digest().equals(locked.remote().digest())) {
                throw LockfileException.at(file, entry(e.getKey()), "is " + locked.path() + " with integrity "
                        + locked.remote().digest() + ", but " + earlier.origin() + " is the same file with "
                        + earlier.remote().digest() + "; regenerate the lockfile");
            }
        }
        return new ArrayList<>(byPath.values());
    }

    /** The file one {@code packages} entry puts in deps/npm, or null when it puts none. */
    private static LockedFile tarball(Path file, String key, JsonNode pkg) {
        String entry = entry(key);
        if (!pkg.isObject()) {
            throw LockfileException.at(file, entry, "is not an object");
        }
        if (key.isEmpty() || pkg.path("link").asBoolean(false)) {
            return null; // the project itself, or a symlink to a workspace: both are in the source tree
        }
        JsonNode resolvedNode = pkg.get("resolved");
        if (resolvedNode == null || resolvedNode.isNull()) {
            if (pkg.path("inBundle").asBoolean(false)) {
                return null; // shipped inside the tarball of the package that bundles it
            }
            // A workspace, a file: directory or a link under node_modules/ (notebooks' codeserver locks
            // node_modules/packageMocks/keytar so): Hermeto takes it as file:<path>, in the source, and fetches nothing.
            return null;
        }
        String resolved = text(file, entry, pkg, "resolved");
        if (resolved.startsWith("file:")) {
            return null; // a local tarball or directory in the source tree
        }
        if (isGit(resolved)) {
            throw LockfileException.at(file, entry, "git dependency '" + resolved + "' is not supported: Hermeto packs "
                    + "a clone into a tarball, which has no digest to verify; depend on a registry or https tarball instead");
        }
        URI url = Urls.checked(resolved, file, entry);
        String integrity = pkg.hasNonNull("integrity") ? text(file, entry, pkg, "integrity") : null;
        if (integrity == null || integrity.isBlank()) {
            throw LockfileException.at(file, entry, "has no 'integrity'; lazybuild needs a digest to verify "
                    + resolved + " (regenerate the lockfile with 'npm install --package-lock-only')");
        }
        Digest digest;
        try {
            digest = Digest.parseSri(integrity);
        } catch (IllegalArgumentException e) {
            throw LockfileException.at(file, entry, "'integrity': " + e.getMessage());
        }
        String name = pkg.has("name") ? text(file, entry, pkg, "name") : nameFromPath(key);
        if (name.isEmpty()) {
            throw LockfileException.at(file, entry, "empty package name");
        }
        String path;
        String fileName;
        if (NpmTarballs.classify(resolved) == NpmTarballs.Source.REGISTRY) {
            String version = pkg.has("version") ? text(file, entry, pkg, "version") : "";
            if (version.isEmpty()) {
                throw LockfileException.at(file, entry, "has no 'version', which names the registry tarball");
            }
            fileName = NpmTarballs.registryFileName(name, version);
            path = Ecosystem.NPM.directory() + fileName;
        } else {
            path = Ecosystem.NPM.directory() + NpmTarballs.externalPath(name, digest);
            fileName = path.substring(path.lastIndexOf('/') + 1);
        }
        Names.checkedPath(path, file + ": " + entry);
        String baseName = fileName.substring(fileName.lastIndexOf('/') + 1);
        return new LockedFile(path, new RemoteFile(url, digest, RemoteFile.UNKNOWN_SIZE, baseName),
                Ecosystem.NPM, file.getFileName() + ": " + entry);
    }

    /** {@code node_modules/a/node_modules/@s/b} installs {@code @s/b}. */
    static String nameFromPath(String key) {
        int i = key.lastIndexOf(NODE_MODULES);
        return i < 0 ? key.substring(key.lastIndexOf('/') + 1) : key.substring(i + NODE_MODULES.length());
    }

    /** The forms npm writes for git dependencies, and the shortcuts Hermeto expands to git URLs. */
    private static boolean isGit(String resolved) {
        String r = resolved.toLowerCase(Locale.ROOT);
        return r.startsWith("git:") || r.startsWith("git+") || r.startsWith("github:")
                || r.startsWith("gitlab:") || r.startsWith("bitbucket:");
    }

    private static String text(Path file, String entry, JsonNode pkg, String key) {
        JsonNode v = pkg.get(key);
        if (v == null || !v.isTextual()) {
            throw LockfileException.at(file, entry, "'" + key + "' must be a string");
        }
        return v.textValue();
    }

    private static String entry(String key) {
        return "packages[\"" + key + "\"]";
    }
}
