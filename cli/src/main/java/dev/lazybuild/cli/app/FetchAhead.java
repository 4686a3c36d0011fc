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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Fetch-ahead: a cold build pays one request's latency per file it opens, one file after
 * another (a RUN step opens them in turn). Builds of one project open much the same files
 * each time, so after a successful build the paths it opened are recorded, per build context
 * and Containerfile, under the state directory; the next build of it starts downloading those
 * of them that are not cached, several at a time, as soon as the mount is up. The build's own
 * open() of such a file joins the download in flight. Bytes stay what the build reads; the
 * latency is paid in parallel. Paths, not digests, are recorded, so after a version bump the
 * unchanged packages are still fetched ahead.
 *
 * <p>The record lives outside the cache on purpose ({@code $XDG_STATE_HOME/lazybuild/opened/}):
 * it is worth most when the cache is empty (a cleaned CI runner, after {@code cache gc}).
 */
public final class FetchAhead implements AutoCloseable {
    static final FetchAhead NONE = new FetchAhead(null, 0);

    private final ExecutorService pool;
    private final int started;

    private FetchAhead(ExecutorService pool, int started) {
        this.pool = pool;
        this.started = started;
    }

    /** {@code LAZYBUILD_STATE_DIR}, else {@code $XDG_STATE_HOME/lazybuild}, else {@code ~/.local/state/lazybuild}. */
    static Path stateDir(Map<String, String> env) {
        return BaseDirectories.of(env, "LAZYBUILD_STATE_DIR", "XDG_STATE_HOME", ".local/state");
    }

    /** Where the opened paths of builds of this context and Containerfile are kept. */
    public static Path recordFile(Map<String, String> env, PodmanArguments podman) {
        String identity = podman.context().toAbsolutePath().normalize() + "\0" + String.join("\0", podman.containerfiles());
        Digest key = Digest.of(Digest.Algorithm.SHA256, identity.getBytes(StandardCharsets.UTF_8));
        return stateDir(env).resolve("opened").resolve(key.hex() + ".txt");
    }

    /** Starts fetching the recorded files of {@code tree} that {@code store} does not hold; returns at once. */
    static FetchAhead start(Path record, Tree tree, ContentStore store, int parallel) {
        List<RemoteFile> wanted = new ArrayList<>();
        try {
            if (!Files.isRegularFile(record)) {
                return NONE;
            }
            for (String path : Files.readAllLines(record, StandardCharsets.UTF_8)) {
                if (tree.lookup(path) instanceof FileNode f && f.remote() != null && store.cached(f.remote().digest()).isEmpty()) {
                    wanted.add(f.remote());
                }
            }
        } catch (IOException e) {
            return NONE; // a hint only: without it the build is lazy as usual
        }
        if (wanted.isEmpty()) {
            return NONE;
        }
        ExecutorService pool = Executors.newFixedThreadPool(parallel, DaemonThreads.named("fetch-ahead"));
        for (RemoteFile f : wanted) {
            pool.execute(() -> {
                try {
                    store.fetch(f);
                } catch (RuntimeException e) {
                    // The build's own open() of this file reports the failure, if it opens it.
                }
            });
        }
        pool.shutdown();
        return new FetchAhead(pool, wanted.size());
    }

    /** How many downloads this build started ahead of its opens. */
    int started() {
        return started;
    }

    /** Records the paths of {@code tree} whose content the build opened; nothing when it opened none. */
    static void record(Path record, Tree tree, Set<Digest> opened) {
        if (opened.isEmpty()) {
            return;
        }
        StringBuilder paths = new StringBuilder();
        tree.forEachFile((path, node) -> {
            RemoteFile remote = node.remote();
            if (remote != null && opened.contains(remote.digest())) {
                paths.append(path).append('\n');
            }
        });
        try {
            Files.createDirectories(record.getParent());
            Path tmp = record.resolveSibling(record.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            Files.writeString(tmp, paths, StandardCharsets.UTF_8);
            Files.move(tmp, record, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // A hint only: the next build is lazy as usual.
        }
    }

    /** Stops what is still downloading ahead: the build is over, its files are no longer wanted. */
    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
