package dev.lazybuild.cli.app;

import dev.lazybuild.cli.podman.PodmanArguments;
import dev.lazybuild.fetch.BaseDirectories;
import dev.lazybuild.fetch.DaemonThreads;
import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.RemoteFile;
import dev.lazybuild.fetch.store.ContentStore;
import dev.lazybuild.vfs.tree.FileNode;
import dev.lazybuild.vfs.tree.Tree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Fetch-ahead: a cold build pays one request's latency per file it opens, one file after
 * another (a RUN step opens them in turn). Builds of one project open much the same files
 * each time, so after a successful build the paths it opened are recorded, per build context
 * and Containerfile, under the state directory; the next build of it downloads those of them
 * that are not cached, several at a time, from the build's first open() on (not when the mount
 * comes up: a build whose every layer comes from podman's cache opens nothing and downloads
 * nothing). The build's own open() of such a file joins the download in flight. Bytes stay
 * what the build reads; the latency is paid in parallel. Paths, not digests, are recorded, so
 * after a version bump the unchanged packages are still fetched ahead.
 *
 * <p>A record is a hint from outside the build's inputs (another build, the team cache), so it
 * is read as hostile: only paths of files the tree already holds, downloaded through the store
 * (lockfile-pinned and digest-verified), count; anything else in it is ignored.
 *
 * <p>The record lives outside the cache on purpose ({@code $XDG_STATE_HOME/lazybuild/opened/}):
 * it is worth most when the cache is empty (a cleaned CI runner, after {@code cache gc}).
 */
public final class FetchAhead implements AutoCloseable {
    static final FetchAhead NONE = new FetchAhead(List.of(), null, 0, null, s -> { });

    private final List<RemoteFile> wanted;
    private final ContentStore store;
    private final int parallel;
    private final BuildSummary summary;
    private final Consumer<String> notices;
    private final AtomicBoolean started = new AtomicBoolean();
    private ExecutorService pool;
    private boolean closed;

    private FetchAhead(List<RemoteFile> wanted, ContentStore store, int parallel, BuildSummary summary,
            Consumer<String> notices) {
        this.wanted = wanted;
        this.store = store;
        this.parallel = parallel;
        this.summary = summary;
        this.notices = notices;
    }

    /**
     * Readies the download of the recorded files of {@code tree} that {@code store} does not
     * hold; nothing starts before {@link #start()}. Paths that name no downloaded file of the
     * tree are ignored; a lazy directory (repodata) is never filled to look one up.
     *
     * @param recorded the paths of a record, as {@link OpenedRecord} read them
     * @param summary hears which downloads the fetch-ahead started
     */
    static FetchAhead prepare(List<String> recorded, Tree tree, ContentStore store, int parallel, BuildSummary summary,
            Consumer<String> notices) {
        Map<Digest, RemoteFile> wanted = new LinkedHashMap<>();
        for (String path : recorded) {
            FileNode f = tree.file(path);
            if (f != null && f.remote() != null && store.cached(f.remote().digest()).isEmpty()) {
                wanted.putIfAbsent(f.remote().digest(), f.remote());
            }
        }
        return wanted.isEmpty() ? NONE : new FetchAhead(List.copyOf(wanted.values()), store, parallel, summary, notices);
    }

    /** Starts the downloads, several at a time; once, whoever calls first (the build's first open), and never after {@link #close()}. */
    void start() {
        if (wanted.isEmpty() || !started.compareAndSet(false, true)) {
            return;
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            pool = Executors.newFixedThreadPool(Math.max(1, parallel), DaemonThreads.named("fetch-ahead"));
            for (RemoteFile f : wanted) {
                pool.execute(() -> {
                    try {
                        if (store.cached(f.digest()).isEmpty()) {
                            summary.claim(f, BuildSummary.Cause.FETCH_AHEAD);
                            store.fetch(f);
                        }
                    } catch (RuntimeException e) {
                        // The build's own open() of this file reports the failure, if it opens it.
                    }
                });
            }
            pool.shutdown();
        }
        notices.accept("fetching ahead " + wanted.size() + " files the last build of this Containerfile opened");
    }

    /** How many files this build would fetch ahead (once started). */
    int wanted() {
        return wanted.size();
    }

    /** Stops what is still downloading ahead: the build is over, its files are no longer wanted. */
    @Override
    public synchronized void close() {
        closed = true;
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
