package dev.lazybuild.rpm;

import dev.lazybuild.fetch.LazybuildException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Generated repodata, one entry per (sha256 of the lockfile's bytes, arch, repoid), at
 * {@code <cache>/repodata/<sha256>/<arch>/<repoid>/repodata/}. Keyed by the lockfile's bytes
 * because the RPM set of a repoid is fixed by them: an unchanged lockfile means unchanged
 * repodata, so a hit needs no RPM at all.
 *
 * <p>Concurrency discipline, as in the content store: an entry reaches its final name only by
 * an atomic rename of a complete temporary directory, so a reader that finds
 * {@code repodata/repomd.xml} may use the entry without a lock; writers take an exclusive
 * advisory lock on {@code locks/<sha256>-<arch>-<repoid>.lock} and look again once they hold
 * it, so two builds generating the same entry at once produce it once. Threads of one JVM
 * first meet on a monitor per lock file, since the JVM refuses overlapping file locks.
 */
public final class RepodataCache {
    /**
     * One monitor per entry for the threads of this JVM: a second FileChannel.lock on one
     * file from the same JVM throws OverlappingFileLockException instead of waiting.
     */
    private static final ConcurrentHashMap<Path, Object> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path root;

    /** @param cacheRoot the shared cache directory (the content store's root) */
    public RepodataCache(Path cacheRoot) {
        this.root = cacheRoot.toAbsolutePath().resolve("repodata");
    }

    /** The cached {@code repodata/} directory, if it was generated before. */
    public Optional<Path> lookup(String lockfileSha256, String arch, String repoid) {
        Path repodata = entry(lockfileSha256, arch, repoid).resolve("repodata");
        return Files.isRegularFile(repodata.resolve("repomd.xml")) ? Optional.of(repodata) : Optional.empty();
    }

    /**
     * The cached {@code repodata/} directory, generating it under the entry's lock when absent.
     *
     * @param generate writes {@code repodata/} into the directory it is given
     */
    Path getOrGenerate(String lockfileSha256, String arch, String repoid, Consumer<Path> generate) {
        return fill(lockfileSha256, arch, repoid, work -> {
            generate.accept(work);
            return true;
        }).orElseThrow();
    }

    /**
     * As {@link #getOrGenerate}, but {@code filler} may decline (return false, e.g. the team
     * cache has no usable entry): then nothing is stored and the result is empty.
     */
    Optional<Path> fill(String lockfileSha256, String arch, String repoid, Predicate<Path> filler) {
        Optional<Path> hit = lookup(lockfileSha256, arch, repoid);
        if (hit.isPresent()) {
            return hit;
        }
        Path locks = root.resolve("locks");
        Path tmp = root.resolve("tmp");
        try {
            Files.createDirectories(locks);
            Files.createDirectories(tmp);
            Path lockFile = locks.resolve(lockfileSha256 + "-" + arch + "-" + repoid + ".lock");
            synchronized (IN_PROCESS.computeIfAbsent(lockFile, k -> new Object())) {
                return fillUnderLock(lockFile, lockfileSha256, arch, repoid, filler, tmp);
            }
        } catch (IOException e) {
            throw new LazybuildException(LazybuildException.Kind.CONFIG, "cannot write the repodata cache at " + root
                    + ": " + e.getMessage() + " (choose another cache with --cache-dir)", e);
        }
    }

    private Optional<Path> fillUnderLock(Path lockFile, String lockfileSha256, String arch, String repoid,
            Predicate<Path> filler, Path tmp) throws IOException {
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = ch.lock()) {
            Optional<Path> hit = lookup(lockfileSha256, arch, repoid);
            if (hit.isPresent()) {
                return hit; // another build generated it while we waited
            }
            Path work = tmp.resolve(UUID.randomUUID().toString());
            Files.createDirectories(work);
            try {
                if (!filler.test(work)) {
                    return Optional.empty();
                }
                if (!Files.isRegularFile(work.resolve("repodata/repomd.xml"))) {
                    throw new IllegalStateException("no repodata/repomd.xml was generated in " + work);
                }
                Path entry = entry(lockfileSha256, arch, repoid);
                Files.createDirectories(entry.getParent());
                Files.move(work, entry, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                deleteTree(work);
            }
            return lookup(lockfileSha256, arch, repoid);
        }
    }

    private Path entry(String lockfileSha256, String arch, String repoid) {
        return root.resolve(lockfileSha256).resolve(arch).resolve(repoid);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
