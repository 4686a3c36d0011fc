package dev.lazybuild.cli;

import dev.lazybuild.fetch.DaemonThreads;
import dev.lazybuild.fetch.store.ContentStore;
import dev.lazybuild.fetch.LazybuildException;
import dev.lazybuild.fetch.RemoteFile;
import dev.lazybuild.vfs.lockfile.LockedFile;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Steps shared by build, plan and prefetch between reading lockfiles and building the tree. */
final class TreeAssembly {
    /** HEAD requests for unknown sizes run this many at a time. */
    private static final int SIZE_LOOKUPS_IN_PARALLEL = 8;

    private TreeAssembly() { }

    /**
     * The files with every size known: npm lockfiles give none, so the store answers from
     * what it learned before or asks upstream once (HEAD), in parallel.
     */
    static List<LockedFile> withSizes(List<LockedFile> files, ContentStore store) {
        if (files.stream().allMatch(f -> f.remote().sizeKnown())) {
            return files;
        }
        ExecutorService pool = Executors.newFixedThreadPool(SIZE_LOOKUPS_IN_PARALLEL, DaemonThreads.named("size-lookup"));
        try {
            List<Future<LockedFile>> pending = new ArrayList<>();
            for (LockedFile f : files) {
                RemoteFile remote = f.remote();
                pending.add(remote.sizeKnown() ? java.util.concurrent.CompletableFuture.completedFuture(f)
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
}
