package dev.lazybuild.vfs.sbom;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.lazybuild.vfs.lockfile.LockfileException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * Package URLs (purl-spec) written exactly as packageurl-python writes them for Hermeto, so a
 * component's purl, which is also its {@code bom-ref}, is the string Hermeto's SBOM has and
 * tools that join SBOMs on it see one component. packageurl-java checks the parts; its own
 * canonical form percent-encodes ':' and '/' in qualifier values, which packageurl-python
 * keeps (it quotes as urllib's {@code quote} with '/' safe, then restores ':').
 */
final class PackageUrls {
    private PackageUrls() { }

    /**
     * @param qualifiers empty values are left out, as packageurl-python does
     * @throws LockfileException naming {@code file} and {@code entry} when the lockfile's values make no valid purl
     */
    static String of(String type, String namespace, String name, String version, Map<String, String> qualifiers,
            String subpath, Path file, String entry) {
        TreeMap<String, String> present = new TreeMap<>();
        qualifiers.forEach((k, v) -> {
            if (v != null && !v.isEmpty()) {
                present.put(k, v);
            }
        });
        PackageURL purl;
        try {
            purl = new PackageURL(type, emptyToNull(namespace), name, emptyToNull(version),
                    present.isEmpty() ? null : present, emptyToNull(subpath));
        } catch (MalformedPackageURLException e) {
            throw LockfileException.at(file, entry, "makes no valid package URL: " + e.getMessage());
        }
        StringBuilder s = new StringBuilder("pkg:").append(purl.getType()).append('/');
        if (purl.getNamespace() != null) {
            s.append(segments(purl.getNamespace())).append('/');
        }
        s.append(quote(purl.getName()));
        if (purl.getVersion() != null) {
            s.append('@').append(quote(purl.getVersion()));
        }
        if (purl.getQualifiers() != null && !purl.getQualifiers().isEmpty()) {
            StringJoiner q = new StringJoiner("&", "?", "");
            new TreeMap<>(purl.getQualifiers()).forEach((k, v) -> q.add(k + "=" + quote(v)));
            s.append(q);
        }
        if (purl.getSubpath() != null) {
            s.append('#').append(segments(purl.getSubpath()));
        }
        return s.toString();
    }

    private static String segments(String path) {
        StringJoiner j = new StringJoiner("/");
        for (String segment : path.split("/")) {
            j.add(quote(segment));
        }
        return j.toString();
    }

    /** Python's {@code urllib.parse.quote(s, safe="/")} of the UTF-8 bytes, with ':' left as is. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "_.-~/:".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
