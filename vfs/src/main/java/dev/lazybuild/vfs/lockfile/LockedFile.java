package dev.lazybuild.vfs.lockfile;

import dev.lazybuild.fetch.RemoteFile;

/**
 * One file a lockfile puts in the tree.
 *
 * @param path where the build sees it, relative to the mount root ({@code deps/pip/x.whl})
 * @param remote where it comes from and what it must hash to
 * @param ecosystem the package manager whose lockfile locked it
 * @param origin the lockfile and entry that asked for it, for messages
 *        ({@code pylock.toml: packages[3] (aiohttp) wheels[1]})
 */
public record LockedFile(String path, RemoteFile remote, Ecosystem ecosystem, String origin) {

    /** The same file once its size is known (npm and generic lockfiles carry none). */
    public LockedFile withSize(long size) {
        return new LockedFile(path, remote.withSize(size), ecosystem, origin);
    }

    /** The same file at {@code directory/path}. */
    public LockedFile under(String directory) {
        return new LockedFile(directory + "/" + path, remote, ecosystem, origin);
    }
}
