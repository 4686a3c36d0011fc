package dev.lazybuild.vfs.fuse;

import dev.lazybuild.fetch.RemoteFile;
import java.nio.file.Path;

/** Gives the local file holding a remote file's verified content, downloading it if it must. */
@FunctionalInterface
public interface ContentOpener {
    /**
     * Blocks the calling FUSE thread only.
     *
     * @throws RuntimeException when the content cannot be had; the reader sees EIO
     */
    Path open(RemoteFile file);
}
