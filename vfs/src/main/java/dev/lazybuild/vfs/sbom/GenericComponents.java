package dev.lazybuild.vfs.sbom;

import dev.lazybuild.fetch.Digest;
import dev.lazybuild.vfs.lockfile.LockedFile;
import dev.lazybuild.vfs.lockfile.LockfileYaml;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The components Hermeto's generic backend lists for an {@code artifacts.lock.yaml}
 * (hermeto/core/package_managers/generic/models.py, {@code get_sbom_component}): a URL
 * artifact is a {@code file} component {@code pkg:generic/<file name>} with {@code checksum}
 * and {@code download_url}; a Maven artifact is a library
 * {@code pkg:maven/<group>/<artifact>@<version>} with {@code type}, {@code repository_url},
 * {@code checksum} and {@code classifier}. Both carry the download URL as a
 * {@code distribution} reference.
 */
final class GenericComponents {
    private GenericComponents() { }

    static List<DeclaredComponent> read(Path file, Map<Digest, LockedFile> lockedByDigest) {
        List<DeclaredComponent> out = new ArrayList<>();
        if (!(LockfileYaml.read(file).document() instanceof Map<?, ?> root) || !(root.get("artifacts") instanceof List<?> artifacts)) {
            return out; // Lockfiles.read refused it already
        }
        for (int i = 0; i < artifacts.size(); i++) {
            Map<?, ?> a = (Map<?, ?>) artifacts.get(i);
            String entry = "artifacts[" + i + "]";
            String checksum = text(a, "checksum").trim();
            Digest digest = Digest.parsePrefixed(checksum);
            Map<String, String> qualifiers = new TreeMap<>();
            qualifiers.put("checksum", checksum);
            if ("maven".equals(a.get("type"))) {
                Map<?, ?> m = (Map<?, ?>) a.get("attributes");
                String repository = text(m, "repository_url");
                String type = m.get("type") == null ? "jar" : text(m, "type");
                qualifiers.put("type", type);
                qualifiers.put("repository_url", repository);
                qualifiers.put("classifier", m.get("classifier") == null ? null : text(m, "classifier"));
                String group = text(m, "group_id");
                String artifact = text(m, "artifact_id");
                String version = text(m, "version");
                // The lockfile reader derived the URL from the coordinates already, as Hermeto does.
                LockedFile locked = lockedByDigest.get(digest);
                String url = locked == null ? null : locked.remote().urls().get(0).toString();
                out.add(new DeclaredComponent(artifact, version, PackageUrls.of("maven", group, artifact, version,
                        qualifiers, null, file, entry), false, Set.of(digest), new TreeMap<>(), url));
            } else {
                String url = text(a, "download_url").trim();
                String filename = a.get("filename") == null ? "" : text(a, "filename");
                if (filename.isEmpty()) {
                    String path = URI.create(url).getPath();
                    filename = path == null ? "" : path;
                }
                String name = filename.substring(filename.lastIndexOf('/') + 1);
                qualifiers.put("download_url", url);
                out.add(new DeclaredComponent(name, null, PackageUrls.of("generic", null, name, null, qualifiers, null,
                        file, entry), true, Set.of(digest), new TreeMap<>(), url));
            }
        }
        return out;
    }

    /** A scalar as text: YAML turns {@code version: 1.0} into a number. */
    private static String text(Map<?, ?> m, String key) {
        return String.valueOf(m.get(key));
    }
}
