package dev.lazybuild.vfs.lockfile;

import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.RemoteFile;
import dev.lazybuild.fetch.store.SealedEntries;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Lockfiles as their readers parsed them, kept in the cache ({@link SealedEntries}) so the
 * next build of an unchanged lockfile skips the parse: with C1 only, reading a real
 * notebooks rpms.lock.yaml (1.2 MB, SnakeYAML) and pylock.toml (tomlj) was most of
 * lazybuild's start-up. An entry is found by the sha256 of everything its result depends
 * on: the format below, lazybuild's version and code, the kind, the architecture, the
 * lockfile's path and the sha256 of its bytes. Entries are sealed, so one that was edited
 * (another URL or digest) or belongs to other bytes reads as absent and the lockfile is
 * parsed again; so does one that fails to decode. Files with a content check beyond their
 * digest (Go's) are never kept.
 */
public final class ParsedLockfiles {
    /** Bump when the encoding below changes. */
    private static final int FORMAT = 1;

    /** Parses every time and keeps nothing: for commands without a cache. */
    public static final ParsedLockfiles NONE = new ParsedLockfiles(null, "");

    private final SealedEntries entries;
    private final String version;

    private ParsedLockfiles(SealedEntries entries, String version) {
        this.entries = entries;
        this.version = version;
    }

    /**
     * @param cacheRoot the cache directory the entries live in
     * @param version lazybuild's version; the code's own jar (or class directory) is part of the key too
     */
    public static ParsedLockfiles in(Path cacheRoot, String version) {
        return codeIdentity().map(code -> new ParsedLockfiles(new SealedEntries(cacheRoot), version + " " + code)).orElse(NONE);
    }

    /** What {@code kind.read(file, arch)} returns, from the cache when an entry for these bytes is there. */
    public List<LockedFile> files(Path file, Lockfiles.Kind kind, String arch) {
        return cached(file, kind, arch, () -> kind.read(file, arch), ParsedLockfiles::writeFiles, ParsedLockfiles::readFiles);
    }

    /** What {@code new RpmLockReader(arch).readLock(file)} returns, from the cache when an entry for these bytes is there. */
    public RpmLockReader.Lock rpmLock(Path file, String arch) {
        return cached(file, Lockfiles.Kind.RPM, arch, () -> new RpmLockReader(arch).readLock(file),
                ParsedLockfiles::writeLock, ParsedLockfiles::readLock);
    }

    private interface Encoder<T> {
        void write(DataOutputStream out, T value) throws IOException;
    }

    private interface Decoder<T> {
        T read(DataInputStream in) throws IOException;
    }

    private <T> T cached(Path file, Lockfiles.Kind kind, String arch, Supplier<T> parse, Encoder<T> encoder, Decoder<T> decoder) {
        if (entries == null) {
            return parse.get();
        }
        Optional<String> name = entryName(file, kind, arch);
        if (name.isEmpty()) {
            return parse.get(); // unreadable: the reader says why
        }
        Optional<T> found = entries.read(name.get()).flatMap(bytes -> decode(bytes, decoder));
        if (found.isPresent()) {
            return found.get();
        }
        T parsed = parse.get();
        // Kept only if the bytes did not change while they were parsed (the key names the bytes hashed first).
        if (entryName(file, kind, arch).equals(name)) {
            encode(parsed, encoder).ifPresent(bytes -> entries.write(name.get(), bytes));
        }
        return parsed;
    }

    private Optional<String> entryName(Path file, Lockfiles.Kind kind, String arch) {
        try {
            byte[] content = Files.readAllBytes(file);
            MessageDigest sha = Digest.Algorithm.SHA256.newHasher();
            String key = "lazybuild parsed lockfile " + FORMAT + "\n" + version + "\n" + kind.name() + "\n" + arch + "\n"
                    + file.toAbsolutePath().normalize() + "\n" + HexFormat.of().formatHex(sha.digest(content));
            return Optional.of(HexFormat.of().formatHex(sha.digest(key.getBytes(StandardCharsets.UTF_8))));
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    private static <T> Optional<byte[]> encode(T value, Encoder<T> encoder) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            encoder.write(out, value);
        } catch (IOException e) {
            return Optional.empty(); // a string over 64 KiB, a content check: parsed again next time
        }
        return Optional.of(bytes.toByteArray());
    }

    private static <T> Optional<T> decode(byte[] bytes, Decoder<T> decoder) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            T value = decoder.read(in);
            return in.read() == -1 ? Optional.of(value) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // sealed by this cache yet unreadable (an older lazybuild's bug): parse again
        }
    }

    private static void writeLock(DataOutputStream out, RpmLockReader.Lock lock) throws IOException {
        out.writeUTF(lock.file().toString());
        out.writeUTF(lock.lockfileSha256());
        out.writeUTF(lock.arch());
        out.writeInt(lock.repositories().size());
        for (RpmLockReader.Repository r : lock.repositories()) {
            out.writeUTF(r.repoid());
            writeFiles(out, r.packages());
            writeFiles(out, r.moduleMetadata());
        }
    }

    private static RpmLockReader.Lock readLock(DataInputStream in) throws IOException {
        Path file = Path.of(in.readUTF());
        String sha256 = in.readUTF();
        String arch = in.readUTF();
        int n = count(in);
        List<RpmLockReader.Repository> repositories = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            repositories.add(new RpmLockReader.Repository(in.readUTF(), readFiles(in), readFiles(in)));
        }
        return new RpmLockReader.Lock(file, sha256, arch, List.copyOf(repositories));
    }

    private static void writeFiles(DataOutputStream out, List<LockedFile> files) throws IOException {
        out.writeInt(files.size());
        for (LockedFile f : files) {
            RemoteFile r = f.remote();
            if (r.check() != null) {
                throw new NotKept();
            }
            out.writeUTF(f.path());
            out.writeUTF(f.ecosystem().name());
            out.writeUTF(f.origin());
            out.writeInt(r.urls().size());
            for (URI u : r.urls()) {
                out.writeUTF(u.toString());
            }
            out.writeUTF(r.digest().algorithm().name());
            out.writeUTF(r.digest().hex());
            out.writeLong(r.size());
            out.writeUTF(r.name());
            out.writeBoolean(r.sizeLocked());
        }
    }

    private static List<LockedFile> readFiles(DataInputStream in) throws IOException {
        int n = count(in);
        List<LockedFile> files = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String path = in.readUTF();
            Ecosystem ecosystem = Ecosystem.valueOf(in.readUTF());
            String origin = in.readUTF();
            int urlCount = count(in);
            List<URI> urls = new ArrayList<>(urlCount);
            for (int u = 0; u < urlCount; u++) {
                urls.add(URI.create(in.readUTF()));
            }
            Digest digest = new Digest(Digest.Algorithm.valueOf(in.readUTF()), in.readUTF());
            long size = in.readLong();
            String name = in.readUTF();
            boolean sizeLocked = in.readBoolean();
            files.add(new LockedFile(path, new RemoteFile(urls, digest, size, name, sizeLocked), ecosystem, origin));
        }
        return List.copyOf(files);
    }

    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IOException("bad count " + n);
        }
        return n;
    }

    /** The jar (or class directory) this code was loaded from, with its size and time: another build, another key. */
    private static Optional<String> codeIdentity() {
        try {
            Path code = Path.of(ParsedLockfiles.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Optional.of(code + " " + Files.size(code) + " " + Files.getLastModifiedTime(code).toMillis());
        } catch (Exception e) {
            return Optional.empty(); // code of unknown origin: nothing is kept, since nothing would tell its versions apart
        }
    }

    /** A value the cache does not keep (a file with a content check). */
    private static final class NotKept extends IOException {
        private static final long serialVersionUID = 1L;
    }
}
