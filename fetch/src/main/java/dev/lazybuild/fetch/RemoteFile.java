package dev.lazybuild.fetch;

import java.net.URI;
import java.util.List;

/**
 * One file a lockfile promises: where to get it, what it must hash to and, when the lockfile
 * says, how large it is ({@link #UNKNOWN_SIZE} otherwise, as in npm lockfiles).
 *
 * @param urls where to download it from, tried in order
 * @param digest what the content must hash to; for {@link Digest.Algorithm#CHECKED}, only its key in the store
 * @param size the exact length in bytes, or {@link #UNKNOWN_SIZE}
 * @param name a short name for messages and progress (the file name the build sees)
 * @param check run on the complete download before it is stored (required with a CHECKED digest), or null
 */
public record RemoteFile(List<URI> urls, Digest digest, long size, String name, ContentCheck check) {
    public static final long UNKNOWN_SIZE = -1;

    public RemoteFile {
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("a remote file needs a URL: " + name);
        }
        if (digest.algorithm() == Digest.Algorithm.CHECKED && check == null) {
            throw new IllegalArgumentException("a file keyed by a chosen key needs a content check: " + name);
        }
    }

    public RemoteFile(List<URI> urls, Digest digest, long size, String name) {
        this(urls, digest, size, name, null);
    }

    public RemoteFile(URI url, Digest digest, long size, String name) {
        this(List.of(url), digest, size, name, null);
    }

    public boolean sizeKnown() {
        return size >= 0;
    }

    public RemoteFile withSize(long newSize) {
        return new RemoteFile(urls, digest, newSize, name, check);
    }
}
