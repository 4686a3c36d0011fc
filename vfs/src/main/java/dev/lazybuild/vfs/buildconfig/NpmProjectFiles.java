package dev.lazybuild.vfs.buildconfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lazybuild.fetch.Digest;
import dev.lazybuild.vfs.lockfile.LockedFile;
import dev.lazybuild.vfs.lockfile.LockfileException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The project files Hermeto's npm backend hands inject-files
 * (hermeto/core/package_managers/javascript/npm/resolver.py): the package-lock.json with
 * every downloaded package's {@code resolved} pointing at its file under
 * {@code ${output_dir}/deps/npm/}, and the package.json of the project and of each
 * workspace; in all of them a dependency given as a URL (git, https, {@code user/repo})
 * becomes {@code ""}, so npm takes the locked version.
 */
final class NpmProjectFiles {
    private static final List<String> DEPENDENCY_TYPES = List.of("dependencies", "devDependencies",
            "optionalDependencies", "peerDependencies");
    private static final ObjectMapper JSON = new ObjectMapper();

    private NpmProjectFiles() { }

    /** @param fileByDigest the files the lockfile reader made, paths relative to Hermeto's output directory */
    static List<BuildConfig.ProjectFile> of(Path lockfile, Map<Digest, LockedFile> fileByDigest) {
        ObjectNode lock = read(lockfile);
        List<BuildConfig.ProjectFile> out = new ArrayList<>();
        List<Path> packageJsons = new ArrayList<>();
        Path project = lockfile.toAbsolutePath().getParent();
        packageJsons.add(project.resolve("package.json"));
        List<String> workspaces = textList(lock.path("packages").path("").path("workspaces"));
        for (Iterator<Map.Entry<String, JsonNode>> it = lock.path("packages").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!(e.getValue() instanceof ObjectNode pkg)) {
                continue;
            }
            blankUrlDependencies(pkg);
            if (pkg.path("link").asBoolean(false) && isWorkspace(pkg.path("resolved").asText(), workspaces)) {
                packageJsons.add(project.resolve(pkg.path("resolved").asText()).normalize().resolve("package.json"));
            }
            String integrity = pkg.path("integrity").asText("");
            String resolved = pkg.path("resolved").asText("");
            if (!e.getKey().isEmpty() && !integrity.isEmpty() && !resolved.isEmpty() && !resolved.startsWith("file:")) {
                LockedFile file = fileByDigest.get(Digest.parseSri(integrity));
                if (file != null) {
                    pkg.put("resolved", "file://" + BuildConfig.OUTPUT_DIR + "/" + file.path());
                }
            }
        }
        for (Path packageJson : packageJsons) {
            if (Files.isRegularFile(packageJson)) {
                ObjectNode manifest = read(packageJson);
                blankUrlDependencies(manifest);
                out.add(new BuildConfig.ProjectFile(packageJson.toString(), BuildConfig.pythonJson(manifest)));
            }
        }
        out.add(new BuildConfig.ProjectFile(lockfile.toAbsolutePath().toString(), BuildConfig.pythonJson(lock)));
        return out;
    }

    /** Hermeto's {@code _check_if_package_is_workspace}: a link whose target one of the project's workspace globs matches. */
    private static boolean isWorkspace(String target, List<String> workspaces) {
        for (String glob : workspaces) {
            String pattern = glob.startsWith("./") ? glob.substring(2) : glob;
            // fnmatch: '*' and '?' match any character, '/' included.
            StringBuilder regex = new StringBuilder();
            for (char c : pattern.toCharArray()) {
                regex.append(c == '*' ? ".*" : c == '?' ? "." : java.util.regex.Pattern.quote(String.valueOf(c)));
            }
            if (target.matches(regex.toString())) {
                return true;
            }
        }
        return false;
    }

    private static List<String> textList(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static void blankUrlDependencies(ObjectNode pkg) {
        for (String type : DEPENDENCY_TYPES) {
            if (pkg.get(type) instanceof ObjectNode deps) {
                deps.properties().forEach(d -> {
                    if (isUrl(d.getValue().asText())) {
                        d.setValue(JSON.getNodeFactory().textNode(""));
                    }
                });
            }
        }
    }

    /** Hermeto's {@code _should_replace_dependency}: a scheme other than file: and npm:, or a '/'. */
    private static boolean isUrl(String spec) {
        String scheme;
        try {
            scheme = URI.create(spec).getScheme();
        } catch (IllegalArgumentException e) {
            int colon = spec.indexOf(':');
            scheme = colon > 0 && spec.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*") ? spec.substring(0, colon) : null;
        }
        if ("file".equals(scheme) || "npm".equals(scheme)) {
            return false;
        }
        return scheme != null || spec.contains("/");
    }

    private static ObjectNode read(Path file) {
        try {
            if (JSON.readTree(file.toFile()) instanceof ObjectNode o) {
                return o;
            }
            throw LockfileException.at(file, null, "is not a JSON object");
        } catch (IOException e) {
            throw LockfileException.at(file, null, "cannot read: " + e.getMessage());
        }
    }
}
