package dev.lazybuild.fetch.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.RemoteFile;
import dev.lazybuild.testkit.UpstreamServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/** Content for store tests and the checks every store test ends with. */
public final class StoreFiles {
    private StoreFiles() { }

    public static byte[] randomBytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    public static RemoteFile remote(URI url, byte[] content) {
        return new RemoteFile(url, sha256(content), content.length, Path.of(url.getPath()).getFileName().toString());
    }

    public static RemoteFile remote(List<URI> urls, byte[] content) {
        return new RemoteFile(urls, sha256(content), content.length, Path.of(urls.get(0).getPath()).getFileName().toString());
    }

    public static Digest sha256(byte[] content) {
        return new Digest(Digest.Algorithm.SHA256, UpstreamServer.sha256(content));
    }

    /** Files under a directory of the store, relative names. */
    public static List<String> filesUnder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    /** Nothing unverified anywhere: no partial download left, and every object hashes to its name. */
    public static void assertHoldsOnlyVerifiedFiles(Path root) throws IOException {
        assertThat(filesUnder(root.resolve("tmp"))).as("partial or temporary files").isEmpty();
        assertThat(new StoredObjects(root).verify()).as("objects whose content is not their name").isEmpty();
    }
}
