package dev.lazybuild.fetch.store;

import java.nio.file.Path;
import java.time.Instant;

/**
 * One generated repodata entry in the store.
 *
 * @param key which lockfile, architecture and repoid it is for
 * @param path its directory (holding {@code repodata/})
 * @param size the total length of its files in bytes
 * @param lastUse when a build last looked it up (the directory's modification time, which the
 *        repodata cache sets on every use, so gc can drop the least recently used first)
 */
public record RepodataEntry(RepodataKey key, Path path, long size, Instant lastUse) {
}
