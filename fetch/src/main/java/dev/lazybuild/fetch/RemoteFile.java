package dev.lazybuild.fetch;

import java.net.URI;
import java.util.List;

/**
 * One file a lockfile promises: where to get it, what it must hash to and how large it is.
 * The size is either the lockfile's own ({@link #sizeLocked()}: the store enforces it), a hint
 * a source told (a HEAD, the team tier: only what stat() answers, since a context or an
 * upstream can lie about it), or {@link #UNKNOWN_SIZE} (npm lockfiles carry none).
 *
 * @param urls where to download it from, tried in order
 * @param digest what the content must hash to; for {@link Digest.Algorithm#CHECKED}, only its key in the store
 * @param size the length in bytes, or {@link #UNKNOWN_SIZE}
 * @param name a short name for messages and progress (the file name the build sees)
 * @param sizeLocked whether {@code size} is the lockfile's, which the content must match
 * @param check run on the complete download before it is stored (required with a CHECKED digest), or null
 * @param tls how {@code urls} (not a mirror's) are fetched over TLS, or null for the JVM's defaults
 *        (an rpm input's {@code options.ssl}: the content is still pinned by the digest, so an
 *        entitled file is cached and shared like any other)
 */
public record RemoteFile(List<URI> urls, Digest digest, long size, String name, boolean sizeLocked, ContentCheck check,
        ClientTls tls) {
    public static final long UNKNOWN_SIZE = -1;

    public RemoteFile {
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("a remote file needs a URL: " + name);
        }
        if (size < 0 && sizeLocked) {
            throw new IllegalArgumentException("a locked size cannot be unknown: " + name);
        }
        if (digest.algorithm() == Digest.Algorithm.CHECKED && check == null) {
            throw new IllegalArgumentException("a file keyed by a chosen key needs a content check: " + name);
        }
    }

    /** A file fetched with the JVM's TLS defaults. */
    public RemoteFile(List<URI> urls, Digest digest, long size, String name, boolean sizeLocked, ContentCheck check) {
        this(urls, digest, size, name, sizeLocked, check, null);
    }

    /** A file as its lockfile describes it: a size it gives is locked. */
    public RemoteFile(List<URI> urls, Digest digest, long size, String name) {
        this(urls, digest, size, name, size >= 0, null);
    }

    /** A file with a size whose lock is stated, and no content check beyond its digest. */
    public RemoteFile(List<URI> urls, Digest digest, long size, String name, boolean sizeLocked) {
        this(urls, digest, size, name, sizeLocked, null);
    }

    /** A file as its lockfile describes it, checked by {@code check} before it is stored. */
    public RemoteFile(List<URI> urls, Digest digest, long size, String name, ContentCheck check) {
        this(urls, digest, size, name, size >= 0, check);
    }

    public RemoteFile(URI url, Digest digest, long size, String name) {
        this(List.of(url), digest, size, name);
    }

    /** Whether stat() has a size to answer, locked or a hint. */
    public boolean sizeKnown() {
        return size >= 0;
    }

    /** The same file with a size a source told; a locked size stays as the lockfile gave it. */
    public RemoteFile withSizeHint(long hint) {
        return sizeLocked ? this : new RemoteFile(urls, digest, hint, name, false, check, tls);
    }

    /** The same file at other URLs (a mirror first). */
    public RemoteFile withUrls(List<URI> newUrls) {
        return new RemoteFile(newUrls, digest, size, name, sizeLocked, check, tls);
    }

    /** The same file fetched from its own URLs with {@code clientTls} (null: the JVM's defaults). */
    public RemoteFile withTls(ClientTls clientTls) {
        return new RemoteFile(urls, digest, size, name, sizeLocked, check, clientTls);
    }
}
