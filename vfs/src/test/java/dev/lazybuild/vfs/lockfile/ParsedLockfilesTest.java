package dev.lazybuild.vfs.lockfile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.testkit.RealLockfiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parsed lockfiles kept in the cache: the second read of an unchanged lockfile comes from the
 * cache and equals the parse; an entry that was tampered with, cut, or made for other bytes
 * never changes what the build sees (the lockfile is parsed again).
 */
class ParsedLockfilesTest {
    static final String VERSION = "test";

    @TempDir
    Path work;

    Path cache;
    Path pylock;
    Path rpms;

    @BeforeEach
    void copyRealLockfiles() throws IOException {
        cache = Files.createDirectories(work.resolve("cache"));
        pylock = Files.copy(RealLockfiles.notebooks("jupyter-minimal.pylock.cpu.toml"), work.resolve("pylock.toml"));
        rpms = Files.copy(RealLockfiles.notebooks("odh.rpms.lock.yaml"), work.resolve("rpms.lock.yaml"));
    }

    @Test
    void anUnchangedLockfileIsReadFromTheCacheAsItWasParsed() throws IOException {
        List<LockedFile> parsed = new PylockReader().read(pylock);
        ParsedLockfiles cached = ParsedLockfiles.in(cache, VERSION);
        assertThat(cached.files(pylock, Lockfiles.Kind.PYLOCK, "x86_64")).isEqualTo(parsed);
        assertThat(entries()).hasSize(1);
        assertThat(cached.files(pylock, Lockfiles.Kind.PYLOCK, "x86_64")).isEqualTo(parsed);

        RpmLockReader.Lock lock = new RpmLockReader("x86_64").readLock(rpms);
        assertThat(cached.rpmLock(rpms, "x86_64")).isEqualTo(lock);
        assertThat(entries()).hasSize(2);
        assertThat(cached.rpmLock(rpms, "x86_64")).isEqualTo(lock);
        assertThat(cached.rpmLock(rpms, "aarch64")).isEqualTo(new RpmLockReader("aarch64").readLock(rpms));
        assertThat(entries()).hasSize(3);
    }

    @Test
    void aTamperedEntryWithAnotherDigestAndUrlChangesNothing() throws IOException {
        ParsedLockfiles cached = ParsedLockfiles.in(cache, VERSION);
        List<LockedFile> parsed = cached.files(pylock, Lockfiles.Kind.PYLOCK, "x86_64");
        LockedFile first = parsed.get(0);
        String digest = first.remote().digest().hex();
        String url = first.remote().urls().get(0).toString();
        String evilUrl = "https://evil.example/" + "x".repeat(url.length() - "https://evil.example/".length());
        Path entry = entries().get(0);
        // Same lengths, so the entry still decodes: only its seal can tell.
        String tampered = new String(Files.readAllBytes(entry), StandardCharsets.ISO_8859_1)
                .replace(digest, "f".repeat(digest.length())).replace(url, evilUrl);
        Files.write(entry, tampered.getBytes(StandardCharsets.ISO_8859_1));

        List<LockedFile> again = cached.files(pylock, Lockfiles.Kind.PYLOCK, "x86_64");
        assertThat(again).isEqualTo(new PylockReader().read(pylock));
        assertThat(again.get(0).remote().digest().hex()).isEqualTo(digest);
        assertThat(again.get(0).remote().urls().get(0).toString()).isEqualTo(url);
        assertThat(Files.readString(entry, StandardCharsets.ISO_8859_1)).doesNotContain("evil.example"); // made again
    }

    @Test
    void anEntryMadeForOtherBytesOrCutShortIsParsedAgain() throws IOException {
        ParsedLockfiles cached = ParsedLockfiles.in(cache, VERSION);
        cached.files(pylock, Lockfiles.Kind.PYLOCK, "x86_64");
        Path entry = entries().get(0);
        byte[] sealed = Files.readAllBytes(entry);

        // The lockfile changes: the old entry (moved to the new bytes' name) is not taken for it.
        Files.writeString(pylock, Files.readString(pylock).replaceFirst("(?m)^(name = \")", "$1x"));
        List<LockedFile> changed = new PylockReader().read(pylock);
        assertThat(cached.files(pylock, Lockfiles.Kind.PYLOCK, "x86_64")).isEqualTo(changed);
        Path newEntry = entries().stream().filter(p -> !p.equals(entry)).findFirst().orElseThrow();
        Files.write(newEntry, sealed);
        assertThat(cached.files(pylock, Lockfiles.Kind.PYLOCK, "x86_64")).isEqualTo(changed);

        Files.write(newEntry, java.util.Arrays.copyOf(Files.readAllBytes(newEntry), 100));
        assertThat(cached.files(pylock, Lockfiles.Kind.PYLOCK, "x86_64")).isEqualTo(changed);
        assertThat(Files.size(newEntry)).isGreaterThan(100); // made again
    }

    @Test
    void withoutTheCacheNothingIsKept() throws IOException {
        assertThat(ParsedLockfiles.NONE.files(pylock, Lockfiles.Kind.PYLOCK, "x86_64")).isEqualTo(new PylockReader().read(pylock));
        assertThat(cache.resolve("parsed")).doesNotExist();
    }

    @Test
    void aLockfileThatFailsToParseFailsAsBeforeAndLeavesNoEntry() throws IOException {
        Files.writeString(pylock, "lock-version = [");
        ParsedLockfiles cached = ParsedLockfiles.in(cache, VERSION);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> cached.files(pylock, Lockfiles.Kind.PYLOCK, "x86_64"))
                .isInstanceOf(LockfileException.class).hasMessageContaining(pylock.toString());
        assertThat(entries()).isEmpty();
    }

    private List<Path> entries() throws IOException {
        Path dir = cache.resolve("parsed");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }
}
