package dev.lazybuild.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Builds small, valid sdists ({@code <name>-<version>.tar.gz} with PKG-INFO and a setup.py) offline. */
public final class Sdists {
    private static final int BLOCK = 512;

    private Sdists() { }

    /** {@code <name>-<version>.tar.gz}, with the name normalised as setuptools writes it. */
    public static String fileName(String name, String version) {
        return name.replace('-', '_') + "-" + version + ".tar.gz";
    }

    public static byte[] build(String name, String version) {
        String root = name.replace('-', '_') + "-" + version + "/";
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(root + "PKG-INFO", ("Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n")
                .getBytes(StandardCharsets.UTF_8));
        entries.put(root + "setup.py", ("from setuptools import setup\nsetup(name='" + name + "', version='" + version + "')\n")
                .getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                gz.write(ustarHeader(e.getKey(), e.getValue().length));
                gz.write(e.getValue());
                gz.write(new byte[(BLOCK - e.getValue().length % BLOCK) % BLOCK]);
            }
            gz.write(new byte[2 * BLOCK]); // end of archive
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A POSIX ustar header for a regular file, mode 0644, mtime 0. */
    private static byte[] ustarHeader(String path, long size) {
        byte[] h = new byte[BLOCK];
        put(h, 0, path);
        put(h, 100, "0000644");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", size));
        put(h, 136, String.format("%011o", 0));
        h[156] = '0';
        put(h, 257, "ustar");
        put(h, 263, "00");
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, String.format("%06o", sum));
        h[154] = 0;
        h[155] = ' ';
        return h;
    }

    private static void put(byte[] header, int offset, String value) {
        byte[] b = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, header, offset, b.length);
    }
}
