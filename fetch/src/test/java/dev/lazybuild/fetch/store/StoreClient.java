package dev.lazybuild.fetch.store;

import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.RemoteFile;
import dev.lazybuild.fetch.http.HttpUpstream;
import dev.lazybuild.fetch.http.UpstreamSource;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Another process using the store, for tests that need several JVMs (record locks are per
 * process): {@code StoreClient ROOT URL SHA256 SIZE [URL SHA256 SIZE]...} fetches every file,
 * each in its own thread, prints {@code fetched N} and exits 0, or exits 1 with the error.
 */
public final class StoreClient {
    private StoreClient() { }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        List<RemoteFile> files = new ArrayList<>();
        for (int i = 1; i + 2 < args.length; i += 3) {
            URI url = URI.create(args[i]);
            files.add(new RemoteFile(url, new Digest(Digest.Algorithm.SHA256, args[i + 1]), Long.parseLong(args[i + 2]),
                    url.getPath()));
        }
        try (HttpUpstream upstream = new HttpUpstream(8, java.util.Map.of())) {
            ContentStore store = ContentStore.builder(root).then(new UpstreamSource(upstream)).build();
            List<Thread> threads = new ArrayList<>();
            List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (RemoteFile f : files) {
                Thread t = new Thread(() -> {
                    try {
                        store.fetch(f);
                    } catch (RuntimeException e) {
                        failures.add(e);
                    }
                });
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) {
                t.join();
            }
            if (!failures.isEmpty()) {
                System.err.println("failed: " + failures);
                System.exit(1);
            }
        }
        System.out.println("fetched " + files.size());
        System.exit(0);
    }
}
