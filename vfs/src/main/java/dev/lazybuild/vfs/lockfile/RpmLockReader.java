package dev.lazybuild.vfs.lockfile;

import dev.lazybuild.fetch.ClientTls;
import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.RemoteFile;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

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
    public record Lock(Path file, String lockfileSha256, String arch, List<Repository> repositories) {
        /** Every file of every repository. */
        public List<LockedFile> files() {
            return repositories.stream().flatMap(r -> r.files().stream()).toList();
        }

        /** The same lock, its files fetched with {@code tls} (a lock parsed before, kept without it). */
        public Lock withTls(ClientTls tls) {
            return new Lock(file, lockfileSha256, arch, repositories.stream().map(r -> new Repository(r.repoid(),
                    withTls(r.packages(), tls), withTls(r.moduleMetadata(), tls))).toList());
        }

        private static List<LockedFile> withTls(List<LockedFile> files, ClientTls tls) {
            return files.stream().map(f -> new LockedFile(f.path(), f.remote().withTls(tls), f.ecosystem(), f.origin())).toList();
        }
    }

    /** dnf's repository id characters (dnf.repo's _REPOID_CHARS). */
    private static final Pattern REPOID = Pattern.compile("[A-Za-z0-9._:-]+");
    /**
     * The cache names a repodata lock {@code <sha256>-<arch>-<repoid>.lock}: 100 leaves
     * room for the rest under NAME_MAX (255), and is more than twice the longest repoid of the
     * real lockfiles (40).
     */
    private static final int MAX_REPOID_LENGTH = 100;

    private final String arch;
    private final ClientTls tls;

    public RpmLockReader(String arch) {
        this(arch, null);
    }

    /**
     * @param tls how the lockfile's files are fetched over TLS (its rpm input's options.ssl, an
     *        entitlement), or null for the JVM's defaults
     */
    public RpmLockReader(String arch, ClientTls tls) {
        this.arch = arch;
        this.tls = tls;
    }

    @Override
    public List<LockedFile> read(Path file) {
        return readLock(file).files();
    }

    /** The lockfile's repositories for this reader's architecture (none when it locks nothing for it). */
    public Lock readLock(Path file) {
        LockfileYaml yaml = LockfileYaml.read(file);
        Object doc = yaml.document();
        if (!(doc instanceof Map<?, ?> top)) {
            throw LockfileException.at(file, null, "the top level must be a mapping with lockfileVersion and arches");
        }
        Object version = top.get("lockfileVersion");
        Long versionNumber = LockfileYaml.wholeNumber(version);
        if (versionNumber == null || versionNumber != 1) {
            throw LockfileException.at(file, null, "lockfileVersion " + (version == null ? "is missing" : "'" + version
                    + "' is not supported") + " (lazybuild reads rpm-lockfile-prototype lockfileVersion 1)");
        }
        String sha256 = sha256(yaml.bytes());
        String generated = "hermeto-" + sha256.substring(0, 6);
        Repositories repos = new Repositories();
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
        return new Lock(file, sha256, arch, List.copyOf(repos.byRepoid.values()));
    }

    private void entries(Path file, String where, String key, Map<?, ?> archEntry, String generatedRepoid,
            Repositories repos, boolean moduleMetadata) {
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
                repoid = checkedRepoid(r, file, entry);
            } else {
                throw LockfileException.at(file, entry, "'repoid' must be a string");
            }
            Digest digest = checksum(item.get("checksum"), file, entry, name);
            long size = RemoteFile.UNKNOWN_SIZE;
            Object s = item.get("size");
            if (s != null) {
                Long exact = LockfileYaml.wholeNumber(s);
                if (exact == null || exact < 0) {
                    throw LockfileException.at(file, entry, "'size' must be a non-negative integer of at most " + Long.MAX_VALUE
                            + "; got " + s);
                }
                size = exact;
            }
            String path = Ecosystem.RPM.directory() + arch + "/" + repoid + "/" + name;
            Names.checkedPath(path, file + ": " + entry);
            if (repoid.equals("repos.d")) {
                throw LockfileException.at(file, entry, "repoid 'repos.d' would hide the generated repo files");
            }
            if (name.equals("repodata")) {
                throw LockfileException.at(file, entry, "a file named 'repodata' would hide the generated repodata/");
            }
            LockedFile locked = new LockedFile(path, new RemoteFile(uri, digest, size, name).withTls(tls), Ecosystem.RPM,
                    file.getFileName() + ": " + entry);
            repos.add(repoid, locked, moduleMetadata, file, entry);
        }
    }

    /** The repositories of one lockfile while it is read, and every path they hold. */
    private static final class Repositories {
        final Map<String, Repository> byRepoid = new LinkedHashMap<>();
        final Map<String, LockedFile> byPath = new HashMap<>();

        /**
         * Adds {@code locked} to its repository, once: the same file again with the same
         * digest is the same file (a directory holds a name once, and createrepo_c fails on
         * the second); with another digest it is an error naming both entries, since only
         * one of them could be served.
         */
        void add(String repoid, LockedFile locked, boolean moduleMetadata, Path file, String entry) {
            LockedFile earlier = byPath.putIfAbsent(locked.path(), locked);
            if (earlier != null && earlier.remote().digest().equals(locked.remote().digest())) {
                return;
            }
            if (earlier != null) {
                throw LockfileException.at(file, entry, locked.path() + " is also the file of " + earlier.origin()
                        + " with checksum " + earlier.remote().digest() + ", not " + locked.remote().digest()
                        + "; a repoid holds one file of a name: remove one of the two entries");
            }
            Repository repo = byRepoid.computeIfAbsent(repoid, r -> new Repository(r, new ArrayList<>(), new ArrayList<>()));
            (moduleMetadata ? repo.moduleMetadata() : repo.packages()).add(locked);
        }
    }

    /**
     * A repoid as dnf accepts it (letters, digits and {@code -_.:}; dnf skips a repository
     * whose id has anything else), short enough that the cache's names built from it stay
     * under NAME_MAX.
     */
    private static String checkedRepoid(String repoid, Path file, String entry) {
        if (repoid.length() > MAX_REPOID_LENGTH) {
            throw LockfileException.at(file, entry, "'repoid' is " + repoid.length() + " characters long, more than "
                    + MAX_REPOID_LENGTH);
        }
        if (!REPOID.matcher(repoid).matches()) {
            throw LockfileException.at(file, entry, "'repoid' '" + repoid + "' may hold only letters, digits and "
                    + "'-_.:' (dnf refuses any other repository id)");
        }
        return repoid;
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
