package dev.lazybuild.fetch;

/**
 * Hears what the store does, for progress lines and the build summary. Called from the
 * downloading thread; implementations must be thread-safe and fast.
 */
public interface FetchListener {
    FetchListener NONE = new FetchListener() { };

    /** Tells each of {@code listeners}, in order, of every event. */
    static FetchListener all(FetchListener... listeners) {
        java.util.List<FetchListener> each = java.util.List.of(listeners);
        return new FetchListener() {
            @Override
            public void servedFromCache(RemoteFile file) {
                each.forEach(l -> l.servedFromCache(file));
            }

            @Override
            public void downloadStarted(RemoteFile file) {
                each.forEach(l -> l.downloadStarted(file));
            }

            @Override
            public void downloadProgress(RemoteFile file, long soFar) {
                each.forEach(l -> l.downloadProgress(file, soFar));
            }

            @Override
            public void downloadFinished(RemoteFile file, long bytes, long waitedNanos) {
                each.forEach(l -> l.downloadFinished(file, bytes, waitedNanos));
            }

            @Override
            public void downloadFailed(RemoteFile file, Exception cause) {
                each.forEach(l -> l.downloadFailed(file, cause));
            }

            @Override
            public void partRead(RemoteFile file, long bytes) {
                each.forEach(l -> l.partRead(file, bytes));
            }
        };
    }

    /** The file was already in the store. */
    default void servedFromCache(RemoteFile file) { }

    /** A download starts; {@code file.size()} may be {@link RemoteFile#UNKNOWN_SIZE}. */
    default void downloadStarted(RemoteFile file) { }

    /** More bytes arrived: {@code soFar} of the file in total. */
    default void downloadProgress(RemoteFile file, long soFar) { }

    /** The file is verified and in the store; {@code waitedNanos} is how long the caller waited. */
    default void downloadFinished(RemoteFile file, long bytes, long waitedNanos) { }

    /** The download failed for good. */
    default void downloadFailed(RemoteFile file, Exception cause) { }

    /**
     * {@code bytes} of the file were read from a source without storing the file (an RPM's
     * header read with a Range request, for repodata): downloaded all the same.
     */
    default void partRead(RemoteFile file, long bytes) { }
}
