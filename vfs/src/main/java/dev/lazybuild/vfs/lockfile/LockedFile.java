package dev.lazybuild.vfs.lockfile;

import dev.lazybuild.fetch.RemoteFile;

/**
 * One file a lockfile puts in the tree.
 *
 * @param path where the build sees it, relative to the mount root ({@code deps/pip/x.whl})
 * @param remote where it comes from and what it must hash to
 * @param origin the lockfile and entry that asked for it, for messages
 *        ({@code pylock.toml: packages[3] (aiohttp) wheels[1]})
 */
public record LockedFile(String path, RemoteFile remote, String origin) {
}
