package dev.lazybuild.rpm.repodata;

import dev.lazybuild.rpm.header.RpmFormatException;
import dev.lazybuild.rpm.header.RpmHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which header bytes repodata was written from, per package: the lockfile's digest does not
 * cover a header fetched on its own, so when a package is later downloaded whole (and so
 * verified), its start is compared with the bytes the repodata trusted. A difference means a
 * server served a header that is not the package's, and that repodata must go.
 *
 * <p>Stored beside {@code repodata/} as lines of {@code <pkgid> <prefix length> <sha256 of
 * the lead, signature header and header>}.
 */
public final class HeaderRecord {
    /** The file's name in a repodata cache entry, beside {@code repodata/}. */
    public static final String FILE_NAME = "rpm-headers.txt";

    /** What was trusted of one package. */
    public record Trusted(long prefixLength, String prefixSha256) { }

    private final Map<String, Trusted> byPkgid;

    private HeaderRecord(Map<String, Trusted> byPkgid) {
        this.byPkgid = byPkgid;
    }

    static String line(String pkgid, RpmHeaders headers) {
        return pkgid + " " + headers.headerEnd() + " " + RepodataWriter.sha256(headers.prefixBytes()) + "\n";
    }

    static void write(Path file, List<String> lines) throws IOException {
        Files.writeString(file, String.join("", lines), StandardCharsets.US_ASCII);
    }

    /** The record of a cache entry, or empty when its repodata came from whole files (createrepo_c). */
    public static Optional<HeaderRecord> load(Path entry) throws IOException {
        Path file = entry.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Map<String, Trusted> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
            String[] parts = line.split(" ");
            if (parts.length != 3) {
                throw new IOException(file + ": a line is not '<pkgid> <length> <sha256>': " + line);
            }
            out.put(parts[0], new Trusted(Long.parseLong(parts[1]), parts[2]));
        }
        return Optional.of(new HeaderRecord(Map.copyOf(out)));
    }

    /** The packages the record covers, by pkgid (the lockfile's sha256). */
    public Map<String, Trusted> packages() {
        return byPkgid;
    }

    /**
     * Compares the start of a whole, verified package with what the repodata trusted; does
     * nothing for a package the record does not cover.
     *
     * @throws RpmFormatException when they differ: the repodata was written from a header
     *         that is not this package's
     */
    public void check(String pkgid, Path wholePackage, String name) throws IOException {
        Trusted trusted = byPkgid.get(pkgid);
        if (trusted == null) {
            return;
        }
        byte[] start;
        try (InputStream in = Files.newInputStream(wholePackage)) {
            start = in.readNBytes((int) Math.min(trusted.prefixLength(), Integer.MAX_VALUE));
        }
        if (start.length != trusted.prefixLength() || !RepodataWriter.sha256(start).equals(trusted.prefixSha256())) {
            throw new RpmFormatException("the header of " + name + " as downloaded whole (and checked against the"
                    + " lockfile) differs from the header its repository's repodata was written from: a server served"
                    + " a header that is not this package's");
        }
    }
}
