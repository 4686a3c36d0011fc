package dev.lazybuild.cli.app;

import dev.lazybuild.fetch.DaemonThreads;
import dev.lazybuild.fetch.LazybuildException;
import dev.lazybuild.fetch.RemoteFile;
import dev.lazybuild.fetch.store.ContentStore;
import dev.lazybuild.vfs.lockfile.LockedFile;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The sizes lockfiles do not give (npm and generic lockfiles give none): a FUSE tree needs
 * each file's size before anything opens it.
 */
final class FileSizes {
    /** HEAD requests for unknown sizes run this many at a time. */
    private static final int SIZE_LOOKUPS_IN_PARALLEL = 8;

    private FileSizes() { }

    /** Every size known: the store answers from what it learned before or asks upstream once (HEAD), in parallel. */
    static List<LockedFile> lookUp(List<LockedFile> files, ContentStore store) {
        if (allKnown(files)) {
            return files;
        }
        ExecutorService pool = Executors.newFixedThreadPool(SIZE_LOOKUPS_IN_PARALLEL, DaemonThreads.named("size-lookup"));
        try {
            List<Future<LockedFile>> pending = new ArrayList<>();
            for (LockedFile f : files) {
                RemoteFile remote = f.remote();
                pending.add(remote.sizeKnown() ? CompletableFuture.completedFuture(f)
                        : pool.submit(() -> f.withSize(store.size(remote))));
            }
            List<LockedFile> out = new ArrayList<>(files.size());
            for (Future<LockedFile> p : pending) {
                out.add(p.get());
            }
            return out;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LazybuildException le) {
                throw le;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LazybuildException(LazybuildException.Kind.FETCH, "interrupted while learning file sizes", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The sizes the store remembers, without a request; the others stay unknown. */
    static List<LockedFile> remembered(List<LockedFile> files, ContentStore store) {
        List<LockedFile> out = new ArrayList<>(files.size());
        for (LockedFile f : files) {
            OptionalLong size = f.remote().sizeKnown() ? OptionalLong.empty() : store.rememberedSize(f.remote().digest());
            out.add(size.isEmpty() ? f : f.withSize(size.getAsLong()));
        }
        return out;
    }

    static boolean allKnown(List<LockedFile> files) {
        return files.stream().allMatch(f -> f.remote().sizeKnown());
    }
}
