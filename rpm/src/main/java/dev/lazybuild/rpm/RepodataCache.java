package dev.lazybuild.rpm;

import dev.lazybuild.fetch.LazybuildException;
import dev.lazybuild.fetch.store.CrossProcessLock;
import dev.lazybuild.fetch.store.GarbageCollector;
import dev.lazybuild.fetch.store.RepodataKey;
import dev.lazybuild.fetch.store.StoreLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Generated repodata, one entry per {@link RepodataKey} (sha256 of the lockfile's bytes, arch,
 * repoid), where the store's {@link StoreLayout} puts it. Keyed by the lockfile's bytes because
 * the RPM set of a repoid is fixed by them: an unchanged lockfile means unchanged repodata, so a
 * hit needs no RPM at all. Every lookup marks the entry used, so {@code cache gc} collects the
 * repodata of lockfiles nobody builds any more, least recently used first.
 *
 * <p>Concurrency discipline, as in the content store: an entry reaches its final name only by
 * an atomic rename of a complete temporary directory, so a reader that finds
 * {@code repodata/repomd.xml} may use the entry without a lock; writers take the entry's
 * {@link CrossProcessLock} and look again once they hold it, so two builds generating the same
 * entry at once produce it once.
 */
public final class RepodataCache {
    private final StoreLayout layout;

    /** @param cacheRoot the shared cache directory (the content store's root) */
    public RepodataCache(Path cacheRoot) {
        this.layout = StoreLayout.create(cacheRoot);
    }

    /** The cached {@code repodata/} directory, if it was generated before. */
    public Optional<Path> lookup(RepodataKey key) {
        Path entry = layout.repodata(key);
        Path repodata = entry.resolve("repodata");
        if (!Files.isRegularFile(repodata.resolve("repomd.xml"))) {
            return Optional.empty();
        }
        try {
            Files.setLastModifiedTime(entry, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException e) {
            // gc removed it meanwhile, or a read-only cache: only the gc order suffers
        }
        return Optional.of(repodata);
    }

    /**
     * The cached {@code repodata/} directory, generating it under the entry's lock when absent.
     *
     * @param generate writes {@code repodata/} into the directory it is given
     */
    Path getOrGenerate(RepodataKey key, Consumer<Path> generate) {
        return fill(key, work -> {
            generate.accept(work);
            return true;
        }).orElseThrow();
    }

    /**
     * As {@link #getOrGenerate}, but {@code filler} may decline (return false, e.g. the team
     * cache has no usable entry): then nothing is stored and the result is empty.
     */
    Optional<Path> fill(RepodataKey key, Predicate<Path> filler) {
        Optional<Path> hit = lookup(key);
        if (hit.isPresent()) {
            return hit;
        }
        try (CrossProcessLock lock = CrossProcessLock.acquire(layout.lock(key), false)) {
            hit = lookup(key);
            if (hit.isPresent()) {
                return hit; // another build generated it while we waited
            }
            Path work = Files.createDirectories(layout.newTemporary("repodata"));
            try {
                if (!filler.test(work)) {
                    return Optional.empty();
                }
                if (!Files.isRegularFile(work.resolve("repodata/repomd.xml"))) {
                    throw new IllegalStateException("no repodata/repomd.xml was generated in " + work);
                }
                Path entry = layout.repodata(key);
                Files.createDirectories(entry.getParent());
                Files.move(work, entry, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                GarbageCollector.deleteTree(work);
            }
            return lookup(key);
        } catch (IOException e) {
            throw new LazybuildException(LazybuildException.Kind.CONFIG, "cannot write the repodata cache at "
                    + layout.root() + ": " + e.getMessage() + " (choose another cache with --cache-dir)", e);
        }
    }
}
