package dev.lazybuild.fetch.store;

import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.LazybuildException;
import dev.lazybuild.fetch.PrivateDirectory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
 *   <li>{@code sizes/<algo>-<hex>-<url hash>} size hints learned from a source, per URL;
 *   <li>{@code leases/} one file per running build;
 *   <li>{@code links/<lease>/} a running build's hard links to the verified objects it may read,
 *       at the paths its tree gives them, named after the lease that keeps those objects (so a
 *       link layer whose lease is no longer held belongs to a dead build); under the root because
 *       a hard link cannot cross file systems;
 *   <li>{@code resolutions/} what resolving an input through its index found (pip requirements
 *       files), one small file per input, its modification time its last use;
 *   <li>{@code parsed/<sha256 hex>} a lockfile as its reader parsed it, sealed with {@code parsed/.key}
 *       (see {@link SealedEntries}), its modification time its last use;
 *   <li>{@code tier-hits.properties} files served per tier, for {@code cache stats}.
 * </ul>
 * Temporary files live under the root, so the rename that publishes them is atomic. Every
 * directory is the user's and private (0700), checked when the layout is created; see
 * {@link Ownership} for what the store trusts inside it.
 */
public final class StoreLayout {
    private static final String PART = ".part";
    private static final String LEASE = ".lease";

    private final Path root;
    private final Path objects;
    private final Path repodata;
    private final Path tmp;
    private final Path locks;
    private final Path sizes;
    private final Path leases;
    private final Path resolutions;
    private final Path parsed;
    private final Path links;

    private StoreLayout(Path root) {
        this.root = root.toAbsolutePath();
        this.objects = this.root.resolve("objects");
        this.repodata = this.root.resolve("repodata");
        this.tmp = this.root.resolve("tmp");
        this.locks = this.root.resolve("locks");
        this.sizes = this.root.resolve("sizes");
        this.leases = this.root.resolve("leases");
        this.resolutions = this.root.resolve("resolutions");
        this.parsed = this.root.resolve("parsed");
        this.links = this.root.resolve("links");
    }

    /** The layout of {@code root}, making nothing (for readers such as {@code cache ls}). */
    public static StoreLayout of(Path root) {
        return new StoreLayout(root);
    }

    /**
     * The layout with every directory made, private to the user (0700), and checked: a cache
     * directory another user owns is refused, since whoever can write into it could plant
     * links and content the store would then trust. A directory that this user owns but left
     * open to others (an older lazybuild made them 0755) is closed.
     */
    public static StoreLayout create(Path root) {
        StoreLayout l = of(root);
        Path current = l.root;
        try {
            Path parent = l.root.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            makePrivateDirectory(l.root, true);
            for (Path dir : new Path[] {l.objects, l.repodata, l.tmp, l.locks, l.sizes, l.leases, l.resolutions, l.parsed, l.links}) {
                current = dir;
                makePrivateDirectory(dir, false);
            }
        } catch (PrivateDirectory.NotPrivate e) {
            throw new LazybuildException(LazybuildException.Kind.CONFIG, "refusing the cache directory " + l.root
                    + ": " + e.getMessage() + "; a cache other users can write cannot be trusted (use a cache"
                    + " of your own with --cache-dir or LAZYBUILD_CACHE_DIR, and share files through the team tier)", e);
        } catch (IOException e) {
            throw new LazybuildException(LazybuildException.Kind.CONFIG,
                    "cannot create the cache directory " + current + ": " + e.getMessage()
                            + " (choose another with --cache-dir or LAZYBUILD_CACHE_DIR)", e);
        }
        return l;
    }

    /**
     * Makes {@code dir} (0700) or checks the one there. Inside the cache a link or a file where a
     * directory belongs is removed first (the cache is the user's, so only something planted
     * before it was closed can be there); the root itself may be the user's link to another disk.
     */
    private static void makePrivateDirectory(Path dir, boolean isRoot) throws IOException {
        if (!isRoot && Ownership.present(dir) && !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(dir);
        }
        PrivateDirectory.make(dir, isRoot);
    }

    public Path root() {
        return root;
    }

    /** Where the verified content with this digest lives once it is stored. */
    public Path object(Digest digest) {
        return objects.resolve(digest.storeKey());
    }

    /**
     * The stored object of {@code digest} if it can be trusted: a regular file of the user's,
     * not a link, in directories of the user's (a planted link to {@code /etc/hostname} is not
     * content, it is never served).
     */
    Optional<Path> trustedObject(Digest digest) {
        Path object = object(digest);
        Path shard = object.getParent();
        boolean trusted = Ownership.ownedRegularFile(object) && Ownership.ownedDirectory(shard)
                && Ownership.ownedDirectory(shard.getParent());
        return trusted ? Optional.of(object) : Optional.empty();
    }

    /**
     * Makes the directories of {@code digest}'s object ({@code objects/<algo>/<xx>}), replacing a
     * link or file planted there, so the rename that publishes the object cannot land outside
     * the cache.
     */
    void makeObjectDirectory(Digest digest) throws IOException {
        Path shard = object(digest).getParent();
        for (Path dir : new Path[] {shard.getParent(), shard}) {
            if (Ownership.present(dir) && !Ownership.ownedDirectory(dir)) {
                if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    throw new IOException(dir + " is " + Ownership.problem(dir, true)
                            + " (remove it, or run 'lazybuild cache verify')");
                }
                Files.delete(dir);
            }
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PrivateDirectory.MODE));
            } catch (FileAlreadyExistsException e) {
                // made by another download meanwhile, or checked above
            }
        }
    }

    Path objects() {
        return objects;
    }

    /** The directories of the store's own bookkeeping, which hold no content: for {@code cache verify}. */
    List<Path> bookkeeping() {
        return List.of(tmp, locks, sizes, leases);
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

    /**
     * A size a source told for {@code digest} at {@code url} (npm lockfiles carry none): a hint
     * kept per URL and digest, so a server that lies about one URL misleads no other context
     * that locks the same content elsewhere.
     */
    Path sizeHint(Digest digest, URI url) {
        return sizes.resolve(entryName(digest) + "-" + Digest.of(Digest.Algorithm.SHA256, url.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)).hex().substring(0, 32));
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

    /**
     * The directory of resolution entries: the resolver names its entries, gc ages them by
     * modification time as it ages repodata (an entry is cheap to make again, so none is leased).
     */
    public Path resolutions() {
        return resolutions;
    }

    /** Every resolution entry (regular files whose names do not start with '.', which are being written). */
    List<Path> resolutionEntries() throws IOException {
        if (!Files.isDirectory(resolutions)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(resolutions)) {
            return s.filter(p -> Files.isRegularFile(p) && !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }

    /** A sealed entry of {@link SealedEntries}, named by the hex sha256 of what it was made from. */
    Path parsed(String name) {
        return parsed.resolve(name);
    }

    /** The key {@link SealedEntries} seals with: random, this cache's own, made with the first entry. */
    Path sealKey() {
        return parsed.resolve(".key");
    }

    /** Every sealed entry (regular files whose names do not start with '.': the key, entries being written). */
    List<Path> parsedEntries() throws IOException {
        if (!Files.isDirectory(parsed)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(parsed)) {
            return s.filter(p -> Files.isRegularFile(p) && !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
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
        return leases.resolve(ProcessHandle.current().pid() + "-" + System.currentTimeMillis() + "-" + sequence + LEASE);
    }

    /** Where the build holding {@code lease} keeps its hard links to objects (see the class comment). */
    public Path linkLayer(Path lease) {
        String name = lease.getFileName().toString();
        return links.resolve(name.endsWith(LEASE) ? name.substring(0, name.length() - LEASE.length()) : name);
    }

    /** The lease a link layer is named after: the one {@link #linkLayer} was given. */
    Path leaseOf(Path linkLayer) {
        return leases.resolve(linkLayer.getFileName() + LEASE);
    }

    /** Every link layer, live or left by a dead build. */
    List<Path> linkLayers() throws IOException {
        if (!Files.isDirectory(links)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(links)) {
            return s.sorted().toList();
        }
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
