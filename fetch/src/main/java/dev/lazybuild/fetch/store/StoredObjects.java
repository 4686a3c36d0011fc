package dev.lazybuild.fetch.store;

import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.LazybuildException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
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
     * Re-hashes every file, deletes those whose content does not match their name (and files
     * that are not named like a digest at all), and returns what it deleted.
     */
    public List<Corrupt> verify() {
        List<Corrupt> corrupt = new ArrayList<>();
        for (Path p : files()) {
            Digest digest = digestOf(p);
            String problem;
            try {
                problem = digest == null ? "not named like a digest" : mismatch(p, digest);
            } catch (NoSuchFileException e) {
                continue;
            } catch (IOException e) {
                problem = "unreadable: " + e.getMessage();
            }
            if (problem != null) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    problem += "; cannot remove it: " + e.getMessage();
                }
                corrupt.add(new Corrupt(p, problem));
            }
        }
        return corrupt;
    }

    private static String mismatch(Path p, Digest digest) throws IOException {
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
            return s.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).toList();
        } catch (IOException e) {
            throw cacheProblem(e);
        }
    }

    private LazybuildException cacheProblem(IOException e) {
        return new LazybuildException(LazybuildException.Kind.CONFIG,
                "cannot read the cache at " + layout.root() + ": " + e.getMessage(), e);
    }
}
