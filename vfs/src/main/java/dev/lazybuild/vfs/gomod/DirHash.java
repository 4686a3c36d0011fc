package dev.lazybuild.vfs.gomod;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * The {@code h1:} hashes go.sum records ({@code golang.org/x/mod/sumdb/dirhash} Hash1): the
 * SHA-256 of a summary with one line {@code <sha256 hex of the file>  <file name>\n} per file,
 * files sorted by name, base64-encoded. A module zip is hashed over its entries (named
 * {@code <module>@<version>/<file>}), a go.mod as the single file {@code go.mod}.
 */
public final class DirHash {
    /** The go command refuses module zips that unpack to more than this (modzip.MaxZipFile). */
    static final long MAX_UNPACKED_BYTES = 500L << 20;

    private DirHash() { }

    /** The h1 of a go.mod file's bytes, as go.sum's {@code /go.mod} lines record it. */
    public static String ofGoMod(byte[] goMod) {
        return summary(List.of(line(sha256().digest(goMod), "go.mod")));
    }

    /**
     * The h1 of a module zip, read with Commons Compress from its central directory as the go
     * command's {@code dirhash.HashZip} reads it with archive/zip.
     *
     * @param module the module version the zip must hold: every entry must be under {@code <path>@<version>/}
     * @throws IOException when the file is not a zip or cannot be read
     * @throws IllegalArgumentException naming the entry when the zip is not a zip of {@code module}
     */
    public static String ofZip(Path zip, ModuleVersion module) throws IOException {
        String prefix = module.path() + "@" + module.version() + "/";
        List<String> lines = new ArrayList<>();
        long unpacked = 0;
        byte[] buffer = new byte[64 * 1024];
        try (ZipFile z = ZipFile.builder().setPath(zip).get()) {
            for (ZipArchiveEntry e : Collections.list(z.getEntries())) {
                String name = e.getName();
                if (!name.startsWith(prefix)) {
                    throw new IllegalArgumentException("the zip of " + module + " holds '" + name + "', outside " + prefix);
                }
                if (name.indexOf('\n') >= 0) {
                    throw new IllegalArgumentException("the zip of " + module + " has a file name with a newline");
                }
                MessageDigest file = sha256();
                try (InputStream in = z.getInputStream(e)) {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        unpacked += n;
                        if (unpacked > MAX_UNPACKED_BYTES) {
                            throw new IllegalArgumentException("the zip of " + module + " unpacks to more than "
                                    + (MAX_UNPACKED_BYTES >> 20) + " MiB, the go command's limit");
                        }
                        file.update(buffer, 0, n);
                    }
                }
                lines.add(line(file.digest(), name));
            }
        }
        return summary(lines);
    }

    private static String line(byte[] fileDigest, String name) {
        return HexFormat.of().formatHex(fileDigest) + "  " + name + "\n";
    }

    /** Lines sorted by file name as Go's sort.Strings sorts them: by UTF-8 bytes. */
    private static String summary(List<String> lines) {
        List<String> sorted = new ArrayList<>(lines);
        sorted.sort((a, b) -> java.util.Arrays.compareUnsigned(name(a), name(b)));
        MessageDigest all = sha256();
        for (String l : sorted) {
            all.update(l.getBytes(StandardCharsets.UTF_8));
        }
        return "h1:" + Base64.getEncoder().encodeToString(all.digest());
    }

    private static byte[] name(String line) {
        return line.substring(66, line.length() - 1).getBytes(StandardCharsets.UTF_8);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256", e);
        }
    }
}
