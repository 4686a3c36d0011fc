package dev.lazybuild.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds real, installable pure-Python wheels offline, for pip to install in test builds. */
public final class Wheels {
    private Wheels() { }

    /** {@code <name>-<version>-py3-none-any.whl}. */
    public static String fileName(String name, String version) {
        return name.replace('-', '_') + "-" + version + "-py3-none-any.whl";
    }

    /**
     * A wheel with one module {@code <name>} whose {@code VALUE} is {@code value}, depending on
     * {@code requires} (requirement strings such as {@code "other==1.0"}).
     */
    public static byte[] build(String name, String version, String value, List<String> requires) {
        return build(name, version, value, requires, "py3-none-any");
    }

    /** {@code <name>-<version>-<tag>.whl}, e.g. tag {@code cp311-cp311-manylinux_2_17_x86_64}. */
    public static String fileName(String name, String version, String tag) {
        return name.replace('-', '_') + "-" + version + "-" + tag + ".whl";
    }

    /**
     * A wheel as {@link #build(String, String, String, List)} makes it, tagged for a platform
     * ({@code cp311-cp311-manylinux_2_17_x86_64}): pure Python inside, so it installs wherever
     * pip accepts the tag.
     */
    public static byte[] build(String name, String version, String value, List<String> requires, String tag) {
        String module = name.replace('-', '_');
        String distInfo = module + "-" + version + ".dist-info/";
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(module + "/__init__.py", ("VALUE = " + pyString(value) + "\n").getBytes(StandardCharsets.UTF_8));
        StringBuilder metadata = new StringBuilder("Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n");
        requires.forEach(r -> metadata.append("Requires-Dist: ").append(r).append('\n'));
        entries.put(distInfo + "METADATA", metadata.toString().getBytes(StandardCharsets.UTF_8));
        entries.put(distInfo + "WHEEL", ("Wheel-Version: 1.0\nGenerator: lazybuild-tests\nRoot-Is-Purelib: true\n"
                + "Tag: " + tag + "\n").getBytes(StandardCharsets.UTF_8));
        List<String> record = new ArrayList<>();
        entries.forEach((path, bytes) -> record.add(path + ",sha256=" + urlsafeSha256(bytes) + "," + bytes.length));
        record.add(distInfo + "RECORD,,");
        entries.put(distInfo + "RECORD", (String.join("\n", record) + "\n").getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry z = new ZipEntry(e.getKey());
                z.setTime(315532800000L); // 1980-01-01: reproducible bytes
                zip.putNextEntry(z);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String pyString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static String urlsafeSha256(byte[] bytes) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
