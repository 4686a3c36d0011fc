package dev.lazybuild.fetch.store;

import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.LazybuildException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What is in a store's {@code objects/}: listing and re-hashing, for {@code lazybuild cache}.
 * Safe while builds run: final names hold immutable, verified content, so reading them needs
 * no lock, and a file deleted under a reader stays readable through the reader's descriptor.
 */
public final class StoredObjects {
    private final StoreLayout layout;

    public StoredObjects(Path root) {
        this.layout = StoreLayout.of(root);
    }

    /** Every complete repodata entry, in name order. */
    public List<RepodataEntry> repodata() {
        List<RepodataEntry> out = new ArrayList<>();
        try {
            for (RepodataKey key : layout.repodataKeys()) {
                Path dir = layout.repodata(key);
                try (Stream<Path> s = Files.walk(dir)) {
                    long size = 0;
                    for (Path f : s.filter(Files::isRegularFile).toList()) {
                        size += Files.size(f);
                    }
                    out.add(new RepodataEntry(key, dir, size, Files.getLastModifiedTime(dir).toInstant()));
                } catch (NoSuchFileException e) {
                    // gc removed it meanwhile
                }
            }
        } catch (IOException e) {
            throw cacheProblem(e);
        }
        return out;
    }

    /** A file under {@code objects/} whose content is not what its name says. */
    public record Corrupt(Path path, String problem) { }

    /** Every well-named entry, in name order; files that are not named like a digest are skipped. */
    public List<CacheEntry> list() {
        List<CacheEntry> entries = new ArrayList<>();
        for (Path p : files()) {
            Digest digest = digestOf(p);
            if (digest == null) {
                continue;
            }
            try {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                entries.add(new CacheEntry(digest, p, a.size(), a.lastModifiedTime().toInstant()));
            } catch (NoSuchFileException e) {
                // gc removed it meanwhile
            } catch (IOException e) {
                throw cacheProblem(e);
            }
        }
        return entries;
    }

    /**
     * Re-hashes every object and removes what the store must not trust, returning what it
     * removed and why: content that does not match its name, files not named like a digest,
     * and anywhere in the cache's bookkeeping (objects, {@code tmp/}, {@code locks/},
     * {@code sizes/}, {@code leases/}) a symbolic link, an entry another user owns, or one that
     * others may write; an object must also be read-only (0444).
     * Files stored under a CHECKED key (Go module files) cannot be re-hashed; their check ran
     * before they were stored.
     */
    public List<Corrupt> verify() {
        List<Corrupt> removed = new ArrayList<>();
        for (Path p : entries(layout.objects())) {
            try {
                String problem = objectProblem(p);
                if (problem != null) {
                    removed.add(remove(p, problem));
                }
            } catch (NoSuchFileException e) {
                // removed meanwhile, or with a directory removed before it
            } catch (IOException e) {
                removed.add(remove(p, "unreadable: " + e.getMessage()));
            }
        }
        for (Path dir : layout.bookkeeping()) {
            for (Path p : entries(dir)) {
                try {
                    String problem = Ownership.problem(p, Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS));
                    if (problem != null) {
                        removed.add(remove(p, problem));
                    }
                } catch (IOException e) {
                    // removed meanwhile: a finished download, a released lease
                }
            }
        }
        return removed;
    }

    private String objectProblem(Path p) throws IOException {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            return Ownership.problem(p, true);
        }
        String problem = Ownership.problem(p, false);
        if (problem != null) {
            return problem;
        }
        Digest digest = digestOf(p);
        if (digest == null) {
            return "not named like a digest";
        }
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        if (!mode.equals(Ownership.OBJECT)) {
            return "mode " + PosixFilePermissions.toString(mode) + ", not r--r--r-- (objects are read-only)";
        }
        return mismatch(p, digest);
    }

    /** Removes an offender: a link itself (never its target), a file, or a directory with what it holds. */
    private static Corrupt remove(Path p, String problem) {
        try {
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                GarbageCollector.deleteTree(p);
            } else {
                Files.deleteIfExists(p);
            }
            return new Corrupt(p, problem);
        } catch (IOException e) {
            return new Corrupt(p, problem + "; cannot remove it: " + e.getMessage());
        }
    }

    /** Every entry below {@code dir}, directories first, links not followed. */
    private List<Path> entries(Path dir) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.equals(dir)).sorted(Comparator.naturalOrder()).toList();
        } catch (IOException e) {
            throw cacheProblem(e);
        }
    }

    private static String mismatch(Path p, Digest digest) throws IOException {
        if (digest.algorithm() == Digest.Algorithm.CHECKED) {
            return null; // its name is a chosen key, not a hash: its content check ran before it was stored
        }
        MessageDigest hasher = digest.algorithm().newHasher();
        try (InputStream in = Files.newInputStream(p)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                hasher.update(buf, 0, n);
            }
        }
        String actual = HexFormat.of().formatHex(hasher.digest());
        return actual.equals(digest.hex()) ? null
                : digest.algorithm().label() + " mismatch: expected " + digest.hex() + ", actual " + actual;
    }

    private Digest digestOf(Path p) {
        return layout.digestOf(p).orElse(null);
    }

    private List<Path> files() {
        if (!Files.isDirectory(layout.objects())) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(layout.objects())) {
            return s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted(Comparator.naturalOrder()).toList();
        } catch (IOException e) {
            throw cacheProblem(e);
        }
    }

    private LazybuildException cacheProblem(IOException e) {
        return new LazybuildException(LazybuildException.Kind.CONFIG,
                "cannot read the cache at " + layout.root() + ": " + e.getMessage(), e);
    }
}
