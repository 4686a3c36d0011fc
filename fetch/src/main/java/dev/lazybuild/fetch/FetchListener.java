package dev.lazybuild.fetch;

/**
 * Hears what the store does, for progress lines and the build summary. Called from the
 * downloading thread; implementations must be thread-safe and fast.
 */
public interface FetchListener {
    FetchListener NONE = new FetchListener() { };

    /** The file was already in the store. */
    default void servedFromCache(RemoteFile file) { }

    /** A download starts; {@code size} may be {@link RemoteFile#UNKNOWN_SIZE}. */
    default void downloadStarted(RemoteFile file) { }

    /** More bytes arrived: {@code soFar} of the file in total. */
    default void downloadProgress(RemoteFile file, long soFar) { }

    /** The file is verified and in the store; {@code waitedNanos} is how long the caller waited. */
    default void downloadFinished(RemoteFile file, long bytes, long waitedNanos) { }

    /** The download failed for good. */
    default void downloadFailed(RemoteFile file, Exception cause) { }
}
