package dev.lazybuild.rpm.header;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One RPM header structure (the signature header and the main header share the format): a
 * 16-byte intro (magic, two reserved words' worth of version and padding, the index count
 * and the data length), an index of 16-byte entries (tag, type, offset, count) and a data
 * store the entries point into. All numbers are big-endian.
 *
 * <p>The bytes come from a server and are not covered by the lockfile's digest, so every
 * number is checked before it is used: the index and data sizes against fixed limits, each
 * entry's type, offset and count against the data store, and the elements decoded from one
 * header against a budget. A malformed header ends in an {@link RpmFormatException}, never in
 * an out-of-memory error, an endless loop or an index out of bounds.
 */
public final class Header {
    /** Magic, version 1, four reserved bytes, index count, data length. */
    public static final int INTRO_BYTES = 16;
    /** rpm's own limit on the index ({@code HEADER_TAGS_MAX}). */
    static final int MAX_ENTRIES = 0xffff;
    /**
     * rpm allows 256 MiB of data; the largest headers of real distributions (texlive, kernel
     * modules) hold a few MiB. 64 MiB keeps a lying header from making us fetch or hold more.
     */
    static final int MAX_DATA_BYTES = 64 << 20;
    /**
     * Strings and numbers decoded from one header. A package with 100,000 files decodes about
     * 600,000; the budget stops a header whose arrays of empty strings would fill the heap.
     */
    static final int MAX_DECODED_ELEMENTS = 4_000_000;

    private static final byte[] MAGIC = {(byte) 0x8e, (byte) 0xad, (byte) 0xe8, 0x01};
    private static final int TYPE_CHAR = 1;
    private static final int TYPE_INT8 = 2;
    private static final int TYPE_INT16 = 3;
    private static final int TYPE_INT32 = 4;
    private static final int TYPE_INT64 = 5;
    private static final int TYPE_STRING = 6;
    private static final int TYPE_BIN = 7;
    private static final int TYPE_STRING_ARRAY = 8;
    private static final int TYPE_I18NSTRING = 9;
    private static final String[] TYPE_NAMES = {"NULL", "CHAR", "INT8", "INT16", "INT32", "INT64", "STRING",
        "BIN", "STRING_ARRAY", "I18NSTRING"};

    private record Entry(int type, int offset, int count) { }

    private final String what;
    private final byte[] bytes;
    private final int dataStart;
    private final int dataLength;
    private final Map<Integer, Entry> entries;
    private int decodedElements;

    private Header(String what, byte[] bytes, int dataStart, int dataLength, Map<Integer, Entry> entries) {
        this.what = what;
        this.bytes = bytes;
        this.dataStart = dataStart;
        this.dataLength = dataLength;
        this.entries = entries;
    }

    /**
     * The whole length of the header that starts at {@code at}, computed from its intro alone
     * (the caller must hold {@link #INTRO_BYTES} bytes there).
     *
     * @param what names the header in messages, e.g. "the signature header of foo.rpm"
     */
    static long length(byte[] bytes, int at, String what) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[at + i] != MAGIC[i]) {
                throw new RpmFormatException(what + " does not start with the RPM header magic 8eade801 (found "
                        + hex(bytes, at, 4) + "): not an RPM, or a damaged one");
            }
        }
        long entries = u32(bytes, at + 8);
        long data = u32(bytes, at + 12);
        if (entries < 1 || entries > MAX_ENTRIES) {
            throw new RpmFormatException(what + " claims " + entries + " index entries (rpm allows 1 to " + MAX_ENTRIES + ")");
        }
        if (data > MAX_DATA_BYTES) {
            throw new RpmFormatException(what + " claims " + data + " bytes of data (more than the " + MAX_DATA_BYTES
                    + " lazybuild reads; use --verified-repodata for such a package)");
        }
        return INTRO_BYTES + entries * 16 + data;
    }

    /** Parses the header at {@code at}; {@code bytes} must hold all of its {@link #length}. */
    static Header parse(byte[] bytes, int at, String what) {
        long length = length(bytes, at, what);
        if (at + length > bytes.length) {
            throw new RpmFormatException(what + " is cut short: " + length + " bytes needed, " + (bytes.length - at) + " present");
        }
        int count = (int) u32(bytes, at + 8);
        int dataLength = (int) u32(bytes, at + 12);
        int dataStart = at + INTRO_BYTES + count * 16;
        Map<Integer, Entry> entries = new HashMap<>();
        for (int i = 0; i < count; i++) {
            int e = at + INTRO_BYTES + i * 16;
            long tag = u32(bytes, e);
            long type = u32(bytes, e + 4);
            long offset = u32(bytes, e + 8);
            long n = u32(bytes, e + 12);
            String where = what + ", index entry " + i + " (tag " + tag + ")";
            if (type > TYPE_I18NSTRING) {
                throw new RpmFormatException(where + " has an unknown data type " + type);
            }
            if (offset > dataLength || n > dataLength) {
                throw new RpmFormatException(where + " points outside the " + dataLength + "-byte data store (offset "
                        + offset + ", count " + n + ")");
            }
            long size = fixedSize((int) type);
            if (size > 0 && offset + n * size > dataLength) {
                throw new RpmFormatException(where + ": " + n + " " + TYPE_NAMES[(int) type] + " values at offset " + offset
                        + " run past the end of the " + dataLength + "-byte data store");
            }
            if (entries.put((int) tag, new Entry((int) type, (int) offset, (int) n)) != null) {
                throw new RpmFormatException(where + " repeats a tag: one header holds each tag once");
            }
        }
        return new Header(what, bytes, dataStart, dataLength, entries);
    }

    public boolean has(int tag) {
        return entries.containsKey(tag);
    }

    /** The tag's string (the first, untranslated one of an I18NSTRING), or null when absent. */
    public String string(int tag) {
        Entry e = entries.get(tag);
        if (e == null) {
            return null;
        }
        requireType(tag, e, TYPE_STRING, TYPE_I18NSTRING);
        return decodeStrings(tag, e, 1).get(0);
    }

    /** The tag's strings (a STRING counts as one), or an empty list when absent. */
    public List<String> strings(int tag) {
        Entry e = entries.get(tag);
        if (e == null) {
            return List.of();
        }
        requireType(tag, e, TYPE_STRING, TYPE_STRING_ARRAY, TYPE_I18NSTRING);
        return decodeStrings(tag, e, e.type() == TYPE_STRING ? 1 : e.count());
    }

    /** The tag's integers, unsigned as rpm reads them, or an empty array when absent. */
    public long[] numbers(int tag) {
        Entry e = entries.get(tag);
        if (e == null) {
            return new long[0];
        }
        requireType(tag, e, TYPE_CHAR, TYPE_INT8, TYPE_INT16, TYPE_INT32, TYPE_INT64);
        spend(tag, e.count());
        long[] out = new long[e.count()];
        int size = (int) fixedSize(e.type());
        for (int i = 0; i < out.length; i++) {
            int p = dataStart + e.offset() + i * size;
            out[i] = switch (size) {
                case 1 -> bytes[p] & 0xffL;
                case 2 -> ((bytes[p] & 0xff) << 8) | (bytes[p + 1] & 0xff);
                case 4 -> u32(bytes, p);
                default -> (u32(bytes, p) << 32) | u32(bytes, p + 4);
            };
        }
        return out;
    }

    /** The tag's first integer, when present with at least one value. */
    public OptionalLong number(int tag) {
        long[] values = numbers(tag);
        return values.length == 0 ? OptionalLong.empty() : OptionalLong.of(values[0]);
    }

    /** The tag's bytes (BIN), or null when absent. */
    public byte[] binary(int tag) {
        Entry e = entries.get(tag);
        if (e == null) {
            return null;
        }
        requireType(tag, e, TYPE_BIN);
        int from = dataStart + e.offset();
        return java.util.Arrays.copyOfRange(bytes, from, from + e.count());
    }

    private void requireType(int tag, Entry e, int... allowed) {
        for (int t : allowed) {
            if (e.type() == t) {
                return;
            }
        }
        throw new RpmFormatException(what + ": tag " + tag + " has type " + TYPE_NAMES[e.type()] + " where rpm writes "
                + TYPE_NAMES[allowed[0]]);
    }

    private List<String> decodeStrings(int tag, Entry e, int count) {
        if (count < 1) {
            throw new RpmFormatException(what + ": tag " + tag + " holds no string");
        }
        spend(tag, count);
        List<String> out = new ArrayList<>(Math.min(count, 1024));
        int p = dataStart + e.offset();
        int end = dataStart + dataLength;
        for (int i = 0; i < count; i++) {
            int nul = p;
            while (nul < end && bytes[nul] != 0) {
                nul++;
            }
            if (nul == end) {
                throw new RpmFormatException(what + ": string " + i + " of tag " + tag
                        + " runs past the end of the data store (no terminating NUL)");
            }
            out.add(text(bytes, p, nul - p));
            p = nul + 1;
        }
        return out;
    }

    private void spend(int tag, int elements) {
        decodedElements += elements;
        if (decodedElements > MAX_DECODED_ELEMENTS) {
            throw new RpmFormatException(what + ": tag " + tag + " brings the values read from this header past "
                    + MAX_DECODED_ELEMENTS + ", far more than any real package holds");
        }
    }

    /**
     * UTF-8 when the bytes are UTF-8; otherwise read as Latin-1 as createrepo_c converts such
     * strings, dropping the C1 control range 0x80-0xbf (then most likely misencoded CP-1252).
     */
    private static String text(byte[] bytes, int from, int length) {
        if (length == 0) {
            return "";
        }
        try {
            CharBuffer decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, from, length));
            return decoded.toString();
        } catch (CharacterCodingException e) {
            StringBuilder s = new StringBuilder(length);
            for (int i = from; i < from + length; i++) {
                int c = bytes[i] & 0xff;
                if (c < 0x80 || c >= 0xc0) {
                    s.append((char) c);
                }
            }
            return s.toString();
        }
    }

    private static long fixedSize(int type) {
        return switch (type) {
            case TYPE_CHAR, TYPE_INT8, TYPE_BIN -> 1;
            case TYPE_INT16 -> 2;
            case TYPE_INT32 -> 4;
            case TYPE_INT64 -> 8;
            default -> 0;
        };
    }

    static long u32(byte[] b, int at) {
        return ((b[at] & 0xffL) << 24) | ((b[at + 1] & 0xffL) << 16) | ((b[at + 2] & 0xffL) << 8) | (b[at + 3] & 0xffL);
    }

    static String hex(byte[] b, int at, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = at; i < at + n && i < b.length; i++) {
            s.append(String.format("%02x", b[i] & 0xff));
        }
        return s.toString();
    }
}
