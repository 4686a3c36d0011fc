package dev.lazybuild.vfs.lockfile;

import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.RemoteFile;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Hermeto's generic {@code artifacts.lock.yaml} (metadata.version 1.0, and 2.0 without
 * {@code auth}): each artifact becomes {@code deps/generic/<filename>}. As in Hermeto,
 * {@code filename} defaults to the URL's last path segment and may name a subdirectory of
 * deps/generic; every segment is checked, so none can leave it. Maven artifacts
 * ({@code type: maven}) get the URL and file name Hermeto derives from their coordinates.
 */
final class ArtifactsLockReader implements LockfileReader {
    @Override
    public List<LockedFile> read(Path file) {
        Object doc = LockfileYaml.read(file).document();
        if (!(doc instanceof Map<?, ?> root)) {
            throw LockfileException.at(file, null, "is not a YAML mapping");
        }
        Object version = root.get("metadata") instanceof Map<?, ?> m ? m.get("version") : null;
        String v = version == null ? null : String.valueOf(version);
        if (!"1.0".equals(v) && !"2.0".equals(v)) {
            throw LockfileException.at(file, "metadata", "version " + (v == null ? "is missing" : "'" + v
                    + "' is not supported") + " (lazybuild reads Hermeto generic lockfiles of version 1.0 and 2.0)");
        }
        if (!(root.get("artifacts") instanceof List<?> artifacts)) {
            throw LockfileException.at(file, null, "'artifacts' is missing or not a list");
        }
        List<LockedFile> out = new ArrayList<>();
        Map<String, String> entryByPath = new HashMap<>();
        for (int i = 0; i < artifacts.size(); i++) {
            if (!(artifacts.get(i) instanceof Map<?, ?> artifact)) {
                throw LockfileException.at(file, "artifacts[" + i + "]", "is not a mapping");
            }
            LockedFile locked = artifact(file, i, artifact);
            String earlier = entryByPath.putIfAbsent(locked.path(), locked.origin());
            if (earlier != null) {
                // Hermeto refuses duplicate filenames too: one of the two would silently win.
                throw LockfileException.at(file, entry(i, artifact), locked.path() + " is also the file of " + earlier
                        + "; give one of them another 'filename'");
            }
            out.add(locked);
        }
        return out;
    }

    private static LockedFile artifact(Path file, int index, Map<?, ?> a) {
        String entry = entry(index, a);
        if (a.containsKey("auth")) {
            throw LockfileException.at(file, entry, "'auth' is not supported: lazybuild cannot send credentials yet; "
                    + "prefetch this file with Hermeto or serve it without authentication");
        }
        Object type = a.get("type");
        String url;
        String defaultName;
        if (type == null) {
            url = string(file, entry, a, "download_url");
            if (url == null) {
                throw LockfileException.at(file, entry, "has no 'download_url'");
            }
            defaultName = null;
        } else if ("maven".equals(type)) {
            MavenCoordinates maven = MavenCoordinates.of(file, entry, a.get("attributes"));
            url = maven.url();
            defaultName = maven.fileName();
        } else {
            throw LockfileException.at(file, entry, "type '" + type + "' is not supported (only URL artifacts and 'maven')");
        }
        URI uri = Urls.checked(url, file, entry);
        String checksum = string(file, entry, a, "checksum");
        if (checksum == null) {
            throw LockfileException.at(file, entry, "has no 'checksum'; lazybuild needs a digest to verify " + url);
        }
        Digest digest;
        try {
            digest = Digest.parsePrefixed(checksum.trim());
        } catch (IllegalArgumentException e) {
            throw LockfileException.at(file, entry, "'checksum': " + e.getMessage());
        }
        String filename = string(file, entry, a, "filename");
        if (filename == null || filename.isEmpty()) {
            filename = defaultName != null ? defaultName : Urls.fileName(uri);
        }
        if (filename.startsWith("/")) {
            throw LockfileException.at(file, entry, "unsafe filename '" + filename + "': must be relative to deps/generic");
        }
        String path = Ecosystem.GENERIC.directory() + filename;
        Names.checkedPath(path, file + ": " + entry);
        String baseName = filename.substring(filename.lastIndexOf('/') + 1);
        return new LockedFile(path, new RemoteFile(uri, digest, RemoteFile.UNKNOWN_SIZE, baseName),
                Ecosystem.GENERIC, file.getFileName() + ": " + entry);
    }

    /** The Maven artifact Hermeto's {@code type: maven} entry names. */
    private record MavenCoordinates(String repository, String groupId, String artifactId, String version,
                                    String classifier, String type) {
        static MavenCoordinates of(Path file, String entry, Object attributes) {
            if (!(attributes instanceof Map<?, ?> m)) {
                throw LockfileException.at(file, entry, "a maven artifact needs 'attributes'");
            }
            String repo = required(file, entry, m, "repository_url");
            String classifier = string(file, entry, m, "classifier");
            String type = string(file, entry, m, "type");
            return new MavenCoordinates(repo, required(file, entry, m, "group_id"), required(file, entry, m, "artifact_id"),
                    required(file, entry, m, "version"), classifier == null ? "" : classifier, type == null ? "jar" : type);
        }

        String fileName() {
            String extension = switch (type) {
                case "maven-plugin", "ejb", "ejb-client", "javadoc", "javadoc-source", "test-jar" -> "jar";
                default -> type;
            };
            return artifactId + "-" + version + (classifier.isEmpty() ? "" : "-" + classifier) + "." + extension;
        }

        String url() {
            String base = repository.endsWith("/") ? repository : repository + "/";
            return base + groupId.replace('.', '/') + "/" + artifactId + "/" + version + "/" + fileName();
        }

        private static String required(Path file, String entry, Map<?, ?> m, String key) {
            String v = string(file, entry, m, key);
            if (v == null || v.isEmpty()) {
                throw LockfileException.at(file, entry, "attributes." + key + " is missing");
            }
            return v;
        }
    }

    private static String entry(int index, Map<?, ?> a) {
        Object name = a.get("filename") instanceof String f ? f : a.get("download_url");
        return "artifacts[" + index + "]" + (name instanceof String s ? " (" + s + ")" : "");
    }

    /** A scalar as text: YAML turns {@code version: 1.0} or {@code filename: 2024} into numbers. */
    private static String string(Path file, String entry, Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Number || v instanceof Boolean) {
            return String.valueOf(v);
        }
        throw LockfileException.at(file, entry, "'" + key + "' must be a string");
    }
}
