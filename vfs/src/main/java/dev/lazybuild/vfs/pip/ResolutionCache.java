package dev.lazybuild.vfs.pip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lazybuild.fetch.Digest;
import java.io.IOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What resolving a pip input found, kept as one small JSON file per input under a directory the
 * store's layout owns, so a second plan or build asks the index nothing. The key covers all
 * that decides the answer: each requirements file's sha256, its index URL, the selection and
 * the binary options. An entry's modification time is its last use, for gc to age it.
 * A damaged entry is a miss (resolution runs again and rewrites it), never an error.
 */
public final class ResolutionCache {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int FORMAT = 1;

    private final Path directory;

    public ResolutionCache(Path directory) {
        this.directory = directory;
    }

    /** The entry's file for a key, {@code pip-<key>.json}. */
    Path entry(String key) {
        return directory.resolve("pip-" + key + ".json");
    }

    Optional<PipResolver.Resolution> get(String key) {
        Path file = entry(key);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode root = MAPPER.readTree(file.toFile());
            if (root.path("format").asInt() != FORMAT || !key.equals(root.path("key").asText())) {
                return Optional.empty();
            }
            List<PipFile> files = new ArrayList<>();
            for (JsonNode f : root.withArray("files")) {
                files.add(new PipFile(f.get("name").asText(), new URI(f.get("url").asText()),
                        Digest.parsePrefixed(f.get("digest").asText()), f.get("size").asLong(), f.get("origin").asText()));
            }
            List<String> notices = new ArrayList<>();
            root.withArray("notices").forEach(n -> notices.add(n.asText()));
            Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
            return Optional.of(new PipResolver.Resolution(files, notices));
        } catch (IOException | RuntimeException | java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }

    void put(String key, PipResolver.Resolution resolution) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("key", key);
        ArrayNode files = root.putArray("files");
        for (PipFile f : resolution.files()) {
            files.addObject().put("name", f.fileName()).put("url", f.url().toString()).put("digest", f.digest().toString())
                    .put("size", f.size()).put("origin", f.origin());
        }
        ArrayNode notices = root.putArray("notices");
        resolution.notices().forEach(notices::add);
        try {
            Files.createDirectories(directory);
            Path tmp = Files.createTempFile(directory, ".pip-", ".tmp");
            try {
                MAPPER.writeValue(tmp.toFile(), root);
                try {
                    Files.move(tmp, entry(key), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, entry(key), StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            // A cache that cannot be written costs the next run its index requests, nothing more.
        }
    }
}
