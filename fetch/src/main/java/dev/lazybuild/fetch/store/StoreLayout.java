package dev.lazybuild.fetch.store;

import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.LazybuildException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Every path under the cache directory, in one place for the store, the repodata cache, leases,
 * gc and statistics; no other class spells a subdirectory name or builds an entry's name:
 * <ul>
 *   <li>{@code objects/<algo>/<xx>/<hex>} verified content only;
 *   <li>{@code repodata/<lockfile sha256>/<arch>/<repoid>/repodata/} generated repodata;
 *   <li>{@code tmp/} partial downloads ({@code <algo>-<hex>.part}) and entries being written;
 *   <li>{@code locks/} one advisory lock file per digest and per repodata entry, plus
 *       {@code gc.lock} and the statistics' lock;
 *   <li>{@code sizes/<algo>-<hex>} sizes learned from a source;
 *   <li>{@code leases/} one file per running build;
 *   <li>{@code tier-hits.properties} files served per tier, for {@code cache stats}.
 * </ul>
 * Temporary files live under the root, so the rename that publishes them is atomic.
 */
public final class StoreLayout {
    private static final String PART = ".part";

    private final Path root;
    private final Path objects;
    private final Path repodata;
    private final Path tmp;
    private final Path locks;
    private final Path sizes;
    private final Path leases;

    private StoreLayout(Path root) {
        this.root = root.toAbsolutePath();
        this.objects = this.root.resolve("objects");
        this.repodata = this.root.resolve("repodata");
        this.tmp = this.root.resolve("tmp");
        this.locks = this.root.resolve("locks");
        this.sizes = this.root.resolve("sizes");
        this.leases = this.root.resolve("leases");
    }

    /** The layout of {@code root}, making nothing (for readers such as {@code cache ls}). */
    public static StoreLayout of(Path root) {
        return new StoreLayout(root);
    }

    /** The layout with every directory made. */
    public static StoreLayout create(Path root) {
        StoreLayout l = of(root);
        try {
            for (Path dir : new Path[] {l.objects, l.repodata, l.tmp, l.locks, l.sizes, l.leases}) {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new LazybuildException(LazybuildException.Kind.CONFIG,
                    "cannot create the cache directory " + l.root + ": " + e.getMessage()
                            + " (choose another with --cache-dir or LAZYBUILD_CACHE_DIR)", e);
        }
        return l;
    }

    public Path root() {
        return root;
    }

    /** Where the verified content with this digest lives once it is stored. */
    public Path object(Digest digest) {
        return objects.resolve(digest.storeKey());
    }

    Path objects() {
        return objects;
    }

    /** The digest an object's path names ({@code objects/<algo>/<xx>/<hex>}), or empty. */
    Optional<Digest> digestOf(Path object) {
        Path rel = objects.relativize(object);
        if (rel.getNameCount() != 3) {
            return Optional.empty();
        }
        Digest.Algorithm algorithm = Digest.Algorithm.fromLabel(rel.getName(0).toString());
        String hex = rel.getName(2).toString();
        if (algorithm == null || !hex.startsWith(rel.getName(1).toString())) {
            return Optional.empty();
        }
        try {
            Digest d = new Digest(algorithm, hex);
            return d.hex().equals(hex) ? Optional.of(d) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The partial download of {@code digest}, guarded by {@link #lock(Digest)}, resumed after a crash. */
    Path part(Digest digest) {
        return tmp.resolve(entryName(digest) + PART);
    }

    /** The lock a writer of {@code digest}'s object holds. */
    Path lock(Digest digest) {
        return locks.resolve(entryName(digest) + ".lock");
    }

    /** A size a source told for {@code digest} (npm lockfiles carry none). */
    Path size(Digest digest) {
        return sizes.resolve(entryName(digest));
    }

    /** A partial download and the lock that guards it. */
    record Part(Path file, Path lock) { }

    /** Every partial download under {@code tmp/}. */
    List<Part> parts() throws IOException {
        List<Part> out = new ArrayList<>();
        if (!Files.isDirectory(tmp)) {
            return out;
        }
        try (Stream<Path> s = Files.list(tmp)) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                if (name.endsWith(PART)) {
                    out.add(new Part(p, locks.resolve(name.substring(0, name.length() - PART.length()) + ".lock")));
                }
            }
        }
        return out;
    }

    /** A fresh name under {@code tmp/} for a file or directory about to be published by a rename. */
    public Path newTemporary(String what) {
        return tmp.resolve(what + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID());
    }

    /** The directory of one repodata entry; {@code repodata/repomd.xml} inside it marks it complete. */
    public Path repodata(RepodataKey key) {
        return repodata.resolve(key.lockfileSha256()).resolve(key.arch()).resolve(key.repoid());
    }

    /** The lock a writer of a repodata entry holds. */
    public Path lock(RepodataKey key) {
        return locks.resolve("repodata-" + key.lockfileSha256() + "-" + key.arch() + "-" + key.repoid() + ".lock");
    }

    /** Every complete repodata entry. */
    List<RepodataKey> repodataKeys() throws IOException {
        List<RepodataKey> out = new ArrayList<>();
        if (!Files.isDirectory(repodata)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(repodata, 3)) {
            for (Path p : s.sorted().toList()) {
                Path rel = repodata.relativize(p);
                if (rel.getNameCount() == 3 && Files.isRegularFile(p.resolve("repodata/repomd.xml"))) {
                    try {
                        out.add(new RepodataKey(rel.getName(0).toString(), rel.getName(1).toString(),
                                rel.getName(2).toString()));
                    } catch (IllegalArgumentException e) {
                        // not named like an entry: not ours to list or remove
                    }
                }
            }
        }
        return out;
    }

    /** Taken shared while a lease is written and exclusive by gc, so gc never sees half a lease. */
    Path gcLock() {
        return locks.resolve("gc.lock");
    }

    Path leases() {
        return leases;
    }

    /** A new lease file's name: unique per process and call. */
    Path newLease(long sequence) {
        return leases.resolve(ProcessHandle.current().pid() + "-" + System.currentTimeMillis() + "-" + sequence + ".lease");
    }

    /** The totals of files served per tier. */
    Path tierCounts() {
        return root.resolve("tier-hits.properties");
    }

    /** Held while the totals are read, added to and replaced. */
    Path tierCountsLock() {
        return locks.resolve("tier-hits.properties.lock");
    }

    private static String entryName(Digest digest) {
        return digest.algorithm().label() + "-" + digest.hex();
    }
}
