package dev.lazybuild.fetch.store;

import dev.lazybuild.fetch.LazybuildException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Small entries that are cheaper to read than to make again (a parsed lockfile), which the
 * cache keeps under {@code parsed/}. What they hold decides what a build downloads and trusts
 * (URLs and digests), so an entry is never taken on its name alone: each ends with an
 * HMAC-SHA256 of its name and content under a random key of this cache's own ({@code parsed/.key},
 * 0600), and one whose seal does not match (cut, corrupt, edited, moved to another name, copied from another cache)
 * reads as absent, so the caller makes it again from its source. The entries, the key, or
 * the whole directory may be deleted at any time; {@code cache gc} ages entries by their
 * modification time, which a read refreshes.
 *
 * <p>Writing is best effort: a cache that cannot be written only means the next build parses again.
 */
public final class SealedEntries {
    private static final String MAC = "HmacSHA256";
    private static final int KEY_BYTES = 32;
    private static final int SEAL_BYTES = 32;
    private static final Pattern NAME = Pattern.compile("[0-9a-f]{64}");

    private final Path root;

    /** The entries of the cache at {@code cacheRoot}; nothing is made until the first write. */
    public SealedEntries(Path cacheRoot) {
        this.root = cacheRoot;
    }

    /** The content of entry {@code name} (64 hex digits) if it is there and sealed by this cache's key. */
    public Optional<byte[]> read(String name) {
        StoreLayout layout = StoreLayout.of(root);
        Path entry = layout.parsed(requireName(name));
        try {
            if (!Ownership.ownedRegularFile(entry)) {
                return Optional.empty();
            }
            Optional<byte[]> key = key(layout);
            byte[] sealed = Files.readAllBytes(entry);
            if (key.isEmpty() || sealed.length < SEAL_BYTES) {
                return Optional.empty();
            }
            byte[] content = Arrays.copyOf(sealed, sealed.length - SEAL_BYTES);
            if (!MessageDigest.isEqual(seal(key.get(), name, content), Arrays.copyOfRange(sealed, content.length, sealed.length))) {
                return Optional.empty();
            }
            Files.setLastModifiedTime(entry, FileTime.fromMillis(System.currentTimeMillis()));
            return Optional.of(content);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Keeps {@code content} as entry {@code name}, sealed; says nothing when the cache cannot be written. */
    public void write(String name, byte[] content) {
        requireName(name);
        try {
            StoreLayout layout = StoreLayout.create(root);
            Optional<byte[]> existing = key(layout);
            byte[] key = existing.isPresent() ? existing.get() : newKey(layout);
            byte[] seal = seal(key, name, content);
            Path tmp = layout.newTemporary("parsed");
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(tmp, content);
            Files.write(tmp, seal, java.nio.file.StandardOpenOption.APPEND);
            Files.move(tmp, layout.parsed(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | LazybuildException e) {
            // Best effort: the next build reads the lockfile again.
        }
    }

    private static String requireName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a sealed entry's name is 64 hex digits: " + name);
        }
        return name;
    }

    private static Optional<byte[]> key(StoreLayout layout) throws IOException {
        Path key = layout.sealKey();
        if (!Ownership.ownedRegularFile(key)) {
            return Optional.empty();
        }
        try {
            byte[] bytes = Files.readAllBytes(key);
            return bytes.length == KEY_BYTES ? Optional.of(bytes) : Optional.empty();
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        }
    }

    /**
     * A new random key, published by a rename: two builds making one at once each seal with
     * their own, and the entries of the one whose key was replaced read as absent, once.
     */
    private static byte[] newKey(StoreLayout layout) throws IOException {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        Path tmp = layout.newTemporary("seal-key");
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(tmp, key);
        Files.move(tmp, layout.sealKey(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return key;
    }

    /** The MAC of the entry's name and content: an entry moved to another name (other bytes' parse) is not sealed there. */
    private static byte[] seal(byte[] key, String name, byte[] content) {
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(new SecretKeySpec(key, MAC));
            mac.update(name.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return mac.doFinal(content);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no " + MAC, e);
        }
    }
}
