package dev.lazybuild.vfs.lockfile;

import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.RemoteFile;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an rpm-lockfile-prototype {@code rpms.lock.yaml} (lockfileVersion 1) for one target
 * architecture, as Hermeto's rpm backend lays it out: every entry of {@code packages},
 * {@code source} and {@code module_metadata} becomes
 * {@code deps/rpm/<arch>/<repoid>/<basename(url)>}. Other architectures are skipped unread
 * beyond their {@code arch} key, so their URLs can never be requested.
 *
 * <p>An entry without {@code repoid} goes to a generated one. Hermeto draws it at random
 * ({@code hermeto-<6 random hex>}, {@code -source} appended for sources); lazybuild derives
 * the 6 hex digits from the sha256 of the lockfile's bytes instead, so the name and thus the
 * repodata cache key stay the same from one build to the next of an unchanged lockfile.
 */
public final class RpmLockReader implements LockfileReader {
    /** One dnf repository of the target architecture. */
    public record Repository(String repoid, List<LockedFile> packages, List<LockedFile> moduleMetadata) {
        /** Every file of the repository: RPMs and source RPMs, then module metadata. */
        public List<LockedFile> files() {
            List<LockedFile> all = new ArrayList<>(packages);
            all.addAll(moduleMetadata);
            return all;
        }
    }

    /**
     * What one rpms.lock.yaml locks for one architecture.
     *
     * @param lockfileSha256 hex sha256 of the lockfile's bytes, the repodata cache key's first part
     */
    public record Lock(Path file, String lockfileSha256, String arch, List<Repository> repositories) { }

    private final String arch;

    public RpmLockReader(String arch) {
        this.arch = arch;
    }

    @Override
    public List<LockedFile> read(Path file) {
        List<LockedFile> out = new ArrayList<>();
        readLock(file).repositories().forEach(r -> out.addAll(r.files()));
        return out;
    }

    /** The lockfile's repositories for this reader's architecture (none when it locks nothing for it). */
    public Lock readLock(Path file) {
        LockfileYaml yaml = LockfileYaml.read(file);
        Object doc = yaml.document();
        if (!(doc instanceof Map<?, ?> top)) {
            throw LockfileException.at(file, null, "the top level must be a mapping with lockfileVersion and arches");
        }
        Object version = top.get("lockfileVersion");
        if (!(version instanceof Number n) || n.longValue() != 1) {
            throw LockfileException.at(file, null, "lockfileVersion " + (version == null ? "is missing" : "'" + version
                    + "' is not supported") + " (lazybuild reads rpm-lockfile-prototype lockfileVersion 1)");
        }
        String sha256 = sha256(yaml.bytes());
        String generated = "hermeto-" + sha256.substring(0, 6);
        Map<String, Repository> repos = new LinkedHashMap<>();
        List<?> arches = list(top.get("arches"), file, "arches");
        for (int i = 0; i < arches.size(); i++) {
            if (!(arches.get(i) instanceof Map<?, ?> a)) {
                throw LockfileException.at(file, "arches[" + i + "]", "is not a mapping");
            }
            if (!(a.get("arch") instanceof String name)) {
                throw LockfileException.at(file, "arches[" + i + "]", "has no 'arch' string");
            }
            if (!name.equals(arch)) {
                continue;
            }
            String where = "arches[" + i + "] (" + name + ")";
            entries(file, where, "packages", a, generated, repos, false);
            entries(file, where, "source", a, generated + "-source", repos, false);
            entries(file, where, "module_metadata", a, null, repos, true);
        }
        return new Lock(file, sha256, arch, List.copyOf(repos.values()));
    }

    private void entries(Path file, String where, String key, Map<?, ?> archEntry, String generatedRepoid,
            Map<String, Repository> repos, boolean moduleMetadata) {
        Object value = archEntry.get(key);
        if (value == null) {
            return;
        }
        List<?> items = list(value, file, where + " " + key);
        for (int j = 0; j < items.size(); j++) {
            String entry = where + " " + key + "[" + j + "]";
            if (!(items.get(j) instanceof Map<?, ?> item)) {
                throw LockfileException.at(file, entry, "is not a mapping");
            }
            if (item.get("name") instanceof String n) {
                entry += " (" + n + ")";
            }
            if (!(item.get("url") instanceof String url)) {
                throw LockfileException.at(file, entry, "has no 'url'");
            }
            var uri = Urls.checked(url, file, entry);
            String name = Urls.fileName(uri);
            Object repoidValue = item.get("repoid");
            String repoid;
            if (repoidValue == null) {
                if (generatedRepoid == null) {
                    // Hermeto requires it here too: module metadata belongs to one repository.
                    throw LockfileException.at(file, entry, "module metadata needs a 'repoid'");
                }
                repoid = generatedRepoid;
            } else if (repoidValue instanceof String r) {
                repoid = r;
            } else {
                throw LockfileException.at(file, entry, "'repoid' must be a string");
            }
            Digest digest = checksum(item.get("checksum"), file, entry, name);
            long size = RemoteFile.UNKNOWN_SIZE;
            Object s = item.get("size");
            if (s != null) {
                if (!(s instanceof Number sn) || s instanceof Double || s instanceof Float || sn.longValue() < 0) {
                    throw LockfileException.at(file, entry, "'size' must be a non-negative integer");
                }
                size = sn.longValue();
            }
            String path = Ecosystem.RPM.directory() + arch + "/" + repoid + "/" + name;
            Names.checkedPath(path, file + ": " + entry);
            if (repoid.equals("repos.d")) {
                throw LockfileException.at(file, entry, "repoid 'repos.d' would hide the generated repo files");
            }
            if (name.equals("repodata")) {
                throw LockfileException.at(file, entry, "a file named 'repodata' would hide the generated repodata/");
            }
            LockedFile locked = new LockedFile(path, new RemoteFile(uri, digest, size, name), Ecosystem.RPM,
                    file.getFileName() + ": " + entry);
            Repository repo = repos.computeIfAbsent(repoid, r -> new Repository(r, new ArrayList<>(), new ArrayList<>()));
            (moduleMetadata ? repo.moduleMetadata() : repo.packages()).add(locked);
        }
    }

    private static Digest checksum(Object value, Path file, String entry, String name) {
        if (value == null) {
            throw LockfileException.at(file, entry, "has no 'checksum' (lazybuild needs a digest to verify " + name + ")");
        }
        if (!(value instanceof String text)) {
            throw LockfileException.at(file, entry, "'checksum' must be a string <algorithm>:<hex>");
        }
        try {
            return Digest.parsePrefixed(text);
        } catch (IllegalArgumentException e) {
            throw LockfileException.at(file, entry, "checksum: " + e.getMessage());
        }
    }

    private static List<?> list(Object value, Path file, String where) {
        if (!(value instanceof List<?> l)) {
            throw LockfileException.at(file, null, "'" + where + "' must be a list");
        }
        return l;
    }

    private static String sha256(byte[] bytes) {
        MessageDigest md = Digest.Algorithm.SHA256.newHasher();
        return HexFormat.of().formatHex(md.digest(bytes));
    }
}
