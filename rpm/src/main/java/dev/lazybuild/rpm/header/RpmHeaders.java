package dev.lazybuild.rpm.header;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The start of an RPM file that repodata needs: the 96-byte lead, the signature header
 * (padded to a multiple of 8 bytes) and the header, which ends where the payload begins.
 *
 * <p>The length of that prefix is known from three small reads: the lead and the signature
 * header's intro give where the header starts; the header's intro gives where it ends. So a
 * caller can fetch a first guess, ask {@link #prefixLength} how many bytes it needs, fetch
 * exactly the rest, and {@link #read} them.
 */
public final class RpmHeaders {
    public static final int LEAD_BYTES = 96;
    /** The lead and the signature header's intro: the least {@link #prefixLength} can judge. */
    public static final int MINIMUM_PREFIX = LEAD_BYTES + Header.INTRO_BYTES;

    private static final byte[] LEAD_MAGIC = {(byte) 0xed, (byte) 0xab, (byte) 0xee, (byte) 0xdb};
    /** RPMSIGTYPE_HEADERSIG: the only signature type rpm has written since 1998. */
    private static final int HEADER_SIGNATURE_TYPE = 5;

    private final String source;
    private final Header signature;
    private final Header header;
    private final byte[] prefix;
    private final int headerStart;
    private final int headerEnd;

    private RpmHeaders(String source, Header signature, Header header, byte[] prefix, int headerStart, int headerEnd) {
        this.source = source;
        this.signature = signature;
        this.header = header;
        this.prefix = prefix;
        this.headerStart = headerStart;
        this.headerEnd = headerEnd;
    }

    /**
     * How many bytes from the start of the file {@link #read} needs, judged from the
     * {@code available} bytes at the start of {@code start}: when the answer is larger than
     * {@code available}, fetch up to it and ask again (at most twice more); when it is not,
     * the prefix is complete. Never more than the lead, two maximal headers and padding.
     *
     * @param source the package's name or URL, for messages
     */
    public static long prefixLength(byte[] start, int available, String source) {
        if (available < MINIMUM_PREFIX) {
            return MINIMUM_PREFIX;
        }
        checkLead(start, source);
        long headerStart = headerStart(start, source);
        if (available < headerStart + Header.INTRO_BYTES) {
            return headerStart + Header.INTRO_BYTES;
        }
        return headerStart + Header.length(start, (int) headerStart, "the header of " + source);
    }

    /** Reads the lead and both headers from {@code prefix}, which must hold {@link #prefixLength} bytes. */
    public static RpmHeaders read(byte[] prefix, String source) {
        long needed = prefixLength(prefix, prefix.length, source);
        if (needed > prefix.length) {
            throw new RpmFormatException(source + " ends before its header does: " + needed + " bytes needed, "
                    + prefix.length + " present");
        }
        int headerStart = (int) headerStart(prefix, source);
        Header signature = Header.parse(prefix, LEAD_BYTES, "the signature header of " + source);
        Header header = Header.parse(prefix, headerStart, "the header of " + source);
        byte[] kept = prefix.length == needed ? prefix : Arrays.copyOf(prefix, (int) needed);
        return new RpmHeaders(source, signature, header, kept, headerStart, (int) needed);
    }

    /** Reads exactly the prefix from the start of a stream (a file on disk, a download). */
    public static RpmHeaders read(InputStream in, String source) throws IOException {
        byte[] buffer = new byte[0];
        long needed = MINIMUM_PREFIX;
        while (needed > buffer.length) {
            int have = buffer.length;
            buffer = Arrays.copyOf(buffer, (int) needed);
            int n = in.readNBytes(buffer, have, buffer.length - have);
            if (n < buffer.length - have) {
                throw new RpmFormatException(source + " ends after " + (have + n) + " bytes, inside its lead or headers ("
                        + needed + " bytes needed): not an RPM, or a truncated one");
            }
            needed = prefixLength(buffer, buffer.length, source);
        }
        return read(buffer, source);
    }

    private static void checkLead(byte[] b, String source) {
        if (!Arrays.equals(b, 0, LEAD_MAGIC.length, LEAD_MAGIC, 0, LEAD_MAGIC.length)) {
            throw new RpmFormatException(source + " does not start with the RPM lead magic edabeedb (found "
                    + Header.hex(b, 0, 4) + "): not an RPM file");
        }
        int major = b[4] & 0xff;
        if (major != 3 && major != 4) {
            throw new RpmFormatException(source + " has RPM format version " + major + "; rpm reads versions 3 and 4");
        }
        int signatureType = ((b[78] & 0xff) << 8) | (b[79] & 0xff);
        if (signatureType != HEADER_SIGNATURE_TYPE) {
            throw new RpmFormatException(source + " has lead signature type " + signatureType
                    + "; rpm reads only type 5 (a signature header)");
        }
    }

    /** The signature header is padded to a multiple of 8 bytes, so the header starts aligned. */
    private static long headerStart(byte[] b, String source) {
        long signature = Header.length(b, LEAD_BYTES, "the signature header of " + source);
        return LEAD_BYTES + signature + (8 - signature % 8) % 8;
    }

    /** The package's name or URL, as given to the reader. */
    public String source() {
        return source;
    }

    public Header signature() {
        return signature;
    }

    public Header header() {
        return header;
    }

    /** Where the header starts in the file: createrepo_c's {@code rpm:header-range start}. */
    public long headerStart() {
        return headerStart;
    }

    /** Where the header ends (the payload starts): createrepo_c's {@code rpm:header-range end}. */
    public long headerEnd() {
        return headerEnd;
    }

    /** The header's bytes as in the file: what its header-only signature signs. */
    public byte[] headerBytes() {
        return Arrays.copyOfRange(prefix, headerStart, headerEnd);
    }

    /** The lead, signature header and header, as in the file. */
    public byte[] prefixBytes() {
        return prefix.clone();
    }

    /** Whether {@code other} has the same lead, signature header and header bytes. */
    public boolean sameBytes(RpmHeaders other) {
        return Arrays.equals(prefix, other.prefix);
    }
}
