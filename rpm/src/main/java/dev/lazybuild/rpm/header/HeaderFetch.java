package dev.lazybuild.rpm.header;

import java.io.IOException;
import java.util.Arrays;

/**
 * Fetches exactly the lead, signature header and header of a remote RPM with ranged reads:
 * a first guess that holds the lead and signature header of nearly every package (and the
 * whole header of most), then, once the header's intro is known, exactly the rest. Two
 * reads for a typical package, three when the signature header alone is larger than the
 * guess; never more bytes than the prefix and the guess.
 */
public final class HeaderFetch {
    /**
     * The first read. Signature headers are 1-6 KiB (more with several signatures); headers
     * of small packages fit as well, those of large ones (hundreds of files, long
     * changelogs) take the second read. 64 KiB is a small part of the ~850 KB median RPM of
     * the real lockfiles, so a bad guess costs little either way.
     */
    public static final int FIRST_READ_BYTES = 64 * 1024;

    /** Bytes of a file from an offset, as an HTTP Range request returns them. */
    @FunctionalInterface
    public interface RangeReader {
        /**
         * Bytes {@code [from, from + length)} of the file, fewer when the file ends first.
         *
         * @throws IOException when the read fails (a server that does not honour ranges
         *         says so with its own exception, which passes through)
         */
        byte[] read(long from, int length) throws IOException;
    }

    private HeaderFetch() { }

    /**
     * @param source the package's name or URL, for messages
     */
    public static RpmHeaders fetch(RangeReader reader, String source) throws IOException {
        byte[] have = reader.read(0, FIRST_READ_BYTES);
        boolean ended = have.length < FIRST_READ_BYTES;
        long needed = RpmHeaders.prefixLength(have, have.length, source);
        while (needed > have.length && !ended) {
            int missing = (int) (needed - have.length);
            byte[] more = reader.read(have.length, missing);
            ended = more.length < missing;
            int at = have.length;
            have = Arrays.copyOf(have, at + more.length);
            System.arraycopy(more, 0, have, at, more.length);
            needed = RpmHeaders.prefixLength(have, have.length, source);
        }
        return RpmHeaders.read(have, source);
    }
}
