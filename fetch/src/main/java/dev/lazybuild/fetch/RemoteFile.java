package dev.lazybuild.fetch;

import java.net.URI;
import java.util.List;

/**
 * One file a lockfile promises: where to get it, what it must hash to and, when the lockfile
 * says, how large it is ({@link #UNKNOWN_SIZE} otherwise, as in npm lockfiles).
 *
 * @param urls where to download it from, tried in order
 * @param digest what the content must hash to
 * @param size the exact length in bytes, or {@link #UNKNOWN_SIZE}
 * @param name a short name for messages and progress (the file name the build sees)
 */
public record RemoteFile(List<URI> urls, Digest digest, long size, String name) {
    public static final long UNKNOWN_SIZE = -1;

    public RemoteFile {
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("a remote file needs a URL: " + name);
        }
    }

    public RemoteFile(URI url, Digest digest, long size, String name) {
        this(List.of(url), digest, size, name);
    }

    public boolean sizeKnown() {
        return size >= 0;
    }

    public RemoteFile withSize(long newSize) {
        return new RemoteFile(urls, digest, newSize, name);
    }
}
