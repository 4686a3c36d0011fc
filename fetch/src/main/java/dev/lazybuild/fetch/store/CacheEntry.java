package dev.lazybuild.fetch.store;

import dev.lazybuild.fetch.Digest;
import java.nio.file.Path;
import java.time.Instant;

/**
 * One verified file in the store.
 *
 * @param digest what its content hashes to (and so its name)
 * @param path where it is
 * @param size its length in bytes
 * @param lastUse when a build or prefetch last asked for it (the file's modification time,
 *        which the store sets on every use, so gc can drop the least recently used first)
 */
public record CacheEntry(Digest digest, Path path, long size, Instant lastUse) {
}
