package dev.lazybuild.fetch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the store keeps what, in one place for the store, the inventory, leases and gc:
 * {@code objects/<algo>/<xx>/<hex>} verified content only; {@code tmp/} partial downloads;
 * {@code locks/} one advisory lock file per digest, plus {@code gc.lock}; {@code sizes/}
 * sizes learned by HEAD; {@code leases/} one file per running build.
 */
record StoreLayout(Path root, Path objects, Path tmp, Path locks, Path sizes, Path leases) {

    static StoreLayout of(Path root) {
        Path r = root.toAbsolutePath();
        return new StoreLayout(r, r.resolve("objects"), r.resolve("tmp"), r.resolve("locks"), r.resolve("sizes"),
                r.resolve("leases"));
    }

    /** The layout with every directory made. */
    static StoreLayout create(Path root) {
        StoreLayout l = of(root);
        try {
            for (Path dir : new Path[] {l.objects, l.tmp, l.locks, l.sizes, l.leases}) {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new LazybuildException(LazybuildException.Kind.CONFIG,
                    "cannot create the cache directory " + l.root + ": " + e.getMessage()
                            + " (choose another with --cache-dir or LAZYBUILD_CACHE_DIR)", e);
        }
        return l;
    }

    Path object(Digest digest) {
        return objects.resolve(digest.storeKey());
    }

    /** Taken shared while a lease is written and exclusive by gc, so gc never sees half a lease. */
    Path gcLock() {
        return locks.resolve("gc.lock");
    }
}
