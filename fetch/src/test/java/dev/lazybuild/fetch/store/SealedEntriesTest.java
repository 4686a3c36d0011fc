package dev.lazybuild.fetch.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sealed entries read back only as this cache sealed them; the key is private; gc drops them. */
class SealedEntriesTest {
    static final String NAME = "a".repeat(64);

    @TempDir
    Path root;

    @Test
    void anEntryReadsBackAsWrittenAndOnlySo() throws IOException {
        SealedEntries entries = new SealedEntries(root);
        assertThat(entries.read(NAME)).isEmpty();
        entries.write(NAME, "https://files.example/a.whl sha256:00".getBytes(StandardCharsets.UTF_8));
        assertThat(entries.read(NAME)).hasValueSatisfying(b ->
                assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("https://files.example/a.whl sha256:00"));
        assertThat(Files.getPosixFilePermissions(root.resolve("parsed/.key"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        Path entry = root.resolve("parsed").resolve(NAME);
        byte[] sealed = Files.readAllBytes(entry);
        sealed[8] ^= 1; // one bit of the content
        Files.write(entry, sealed);
        assertThat(entries.read(NAME)).isEmpty();
    }

    @Test
    void aLinkPlantedAsAnEntryIsNotRead() throws IOException {
        SealedEntries entries = new SealedEntries(root);
        entries.write(NAME, new byte[] {1, 2, 3});
        Path entry = root.resolve("parsed").resolve(NAME);
        Path elsewhere = Files.move(entry, root.resolve("elsewhere"));
        Files.createSymbolicLink(entry, elsewhere);
        assertThat(entries.read(NAME)).isEmpty();
    }

    @Test
    void gcDropsEntriesAndKeepsTheKey() throws IOException {
        new SealedEntries(root).write(NAME, new byte[] {1, 2, 3});
        GarbageCollector.collect(root, OptionalLong.of(0), Optional.empty(), Instant.now());
        assertThat(root.resolve("parsed").resolve(NAME)).doesNotExist();
        assertThat(root.resolve("parsed/.key")).exists();
        assertThat(new SealedEntries(root).read(NAME)).isEmpty();
    }
}
