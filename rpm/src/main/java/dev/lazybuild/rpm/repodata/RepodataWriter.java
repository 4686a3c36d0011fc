package dev.lazybuild.rpm.repodata;

import dev.lazybuild.fetch.Digest;
import dev.lazybuild.rpm.repodata.PackageMetadata.ChangelogEntry;
import dev.lazybuild.rpm.repodata.PackageMetadata.Dependency;
import dev.lazybuild.rpm.repodata.PackageMetadata.DependencyKind;
import dev.lazybuild.rpm.repodata.PackageMetadata.PackageFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a {@code repodata/} directory as {@code createrepo_c --general-compress-type gz}
 * does: primary, filelists and other as gzipped XML under names that start with their
 * sha256, and repomd.xml listing them; with module metadata, a modules entry as
 * {@code modifyrepo_c --mdtype=modules} adds it. The sqlite databases createrepo_c also
 * writes are left out: dnf reads the XML.
 *
 * <p>The output depends only on the packages, so two machines write the same bytes: the
 * {@code <time file>} createrepo_c takes from the file's mtime is the build time here, and
 * repomd's timestamps are the newest build time.
 */
public final class RepodataWriter {
    private static final String HEAD = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

    private RepodataWriter() { }

    /**
     * @param modulesYaml the repository's module metadata (modules.yaml), or null for none
     */
    public static void write(List<PackageMetadata> packages, byte[] modulesYaml, Path repodata) throws IOException {
        List<PackageMetadata> sorted = packages.stream().sorted(Comparator.comparing(PackageMetadata::location)).toList();
        long timestamp = sorted.stream().mapToLong(PackageMetadata::buildTime).max().orElse(0);
        Files.createDirectories(repodata);
        StringBuilder repomd = new StringBuilder(HEAD)
                .append("<repomd xmlns=\"http://linux.duke.edu/metadata/repo\" xmlns:rpm=\"http://linux.duke.edu/metadata/rpm\">\n")
                .append("  <revision>").append(timestamp).append("</revision>\n");
        repomd.append(writeData(repodata, "primary", "primary.xml", primary(sorted), timestamp));
        repomd.append(writeData(repodata, "filelists", "filelists.xml", filelists(sorted), timestamp));
        repomd.append(writeData(repodata, "other", "other.xml", other(sorted), timestamp));
        if (modulesYaml != null) {
            repomd.append(writeData(repodata, "modules", "modules.yaml", modulesYaml, timestamp));
        }
        repomd.append("</repomd>\n");
        Files.writeString(repodata.resolve("repomd.xml"), repomd);
    }

    private static String writeData(Path repodata, String type, String name, byte[] open, long timestamp)
            throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gz)) {
            out.write(open);
        }
        byte[] compressed = gz.toByteArray();
        String checksum = sha256(compressed);
        String file = checksum + "-" + name + ".gz";
        Files.write(repodata.resolve(file), compressed);
        return "  <data type=\"" + type + "\">\n"
                + "    <checksum type=\"sha256\">" + checksum + "</checksum>\n"
                + "    <open-checksum type=\"sha256\">" + sha256(open) + "</open-checksum>\n"
                + "    <location href=\"repodata/" + file + "\"/>\n"
                + "    <timestamp>" + timestamp + "</timestamp>\n"
                + "    <size>" + compressed.length + "</size>\n"
                + "    <open-size>" + open.length + "</open-size>\n"
                + "  </data>\n";
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(Digest.Algorithm.SHA256.newHasher().digest(bytes));
    }

    private static byte[] primary(List<PackageMetadata> packages) {
        StringBuilder x = new StringBuilder(HEAD).append("<metadata xmlns=\"http://linux.duke.edu/metadata/common\"")
                .append(" xmlns:rpm=\"http://linux.duke.edu/metadata/rpm\" packages=\"").append(packages.size()).append("\">\n");
        for (PackageMetadata p : packages) {
            x.append("<package type=\"rpm\">\n");
            element(x, "  ", "name", p.name());
            element(x, "  ", "arch", p.arch());
            version(x, p);
            x.append("  <checksum type=\"sha256\" pkgid=\"YES\">").append(p.pkgid()).append("</checksum>\n");
            element(x, "  ", "summary", p.summary());
            element(x, "  ", "description", p.description());
            element(x, "  ", "packager", p.packager());
            element(x, "  ", "url", p.url());
            x.append("  <time file=\"").append(p.buildTime()).append("\" build=\"").append(p.buildTime()).append("\"/>\n");
            x.append("  <size package=\"").append(p.packageSize()).append("\" installed=\"").append(p.installedSize())
                    .append("\" archive=\"").append(p.archiveSize()).append("\"/>\n");
            x.append("  <location href=\"").append(attribute(p.location())).append("\"/>\n");
            x.append("  <format>\n");
            element(x, "    ", "rpm:license", p.license());
            element(x, "    ", "rpm:vendor", p.vendor());
            element(x, "    ", "rpm:group", p.group());
            element(x, "    ", "rpm:buildhost", p.buildHost());
            element(x, "    ", "rpm:sourcerpm", p.sourceRpm());
            x.append("    <rpm:header-range start=\"").append(p.headerStart()).append("\" end=\"").append(p.headerEnd())
                    .append("\"/>\n");
            for (DependencyKind kind : DependencyKind.values()) {
                dependencies(x, kind, p.dependencies().getOrDefault(kind, List.of()));
            }
            for (PackageFile f : p.files()) {
                if (f.inPrimary()) {
                    file(x, "    ", f);
                }
            }
            x.append("  </format>\n</package>\n");
        }
        return x.append("</metadata>\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void dependencies(StringBuilder x, DependencyKind kind, List<Dependency> list) {
        if (list.isEmpty()) {
            return;
        }
        x.append("    <").append(kind.element()).append(">\n");
        for (Dependency d : list) {
            if (d.name().isEmpty()) {
                continue;
            }
            x.append("      <rpm:entry name=\"").append(attribute(d.name())).append('"');
            if (!d.flags().isEmpty()) {
                x.append(" flags=\"").append(d.flags()).append('"');
                optionalAttribute(x, "epoch", d.epoch());
                optionalAttribute(x, "ver", d.version());
                optionalAttribute(x, "rel", d.release());
            }
            if (kind == DependencyKind.REQUIRES && d.pre()) {
                x.append(" pre=\"1\"");
            }
            x.append("/>\n");
        }
        x.append("    </").append(kind.element()).append(">\n");
    }

    private static byte[] filelists(List<PackageMetadata> packages) {
        StringBuilder x = new StringBuilder(HEAD).append("<filelists xmlns=\"http://linux.duke.edu/metadata/filelists\"")
                .append(" packages=\"").append(packages.size()).append("\">\n");
        for (PackageMetadata p : packages) {
            packageStart(x, p);
            for (PackageFile f : p.files()) {
                file(x, "  ", f);
            }
            x.append("</package>\n");
        }
        return x.append("</filelists>\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] other(List<PackageMetadata> packages) {
        StringBuilder x = new StringBuilder(HEAD).append("<otherdata xmlns=\"http://linux.duke.edu/metadata/other\"")
                .append(" packages=\"").append(packages.size()).append("\">\n");
        for (PackageMetadata p : packages) {
            packageStart(x, p);
            for (ChangelogEntry c : p.changelogs()) {
                x.append("  <changelog author=\"").append(attribute(c.author())).append("\" date=\"").append(c.date())
                        .append("\">").append(text(c.text())).append("</changelog>\n");
            }
            x.append("</package>\n");
        }
        return x.append("</otherdata>\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void packageStart(StringBuilder x, PackageMetadata p) {
        x.append("<package pkgid=\"").append(p.pkgid()).append("\" name=\"").append(attribute(p.name()))
                .append("\" arch=\"").append(attribute(p.arch())).append("\">\n");
        version(x, p);
    }

    private static void version(StringBuilder x, PackageMetadata p) {
        x.append("  <version epoch=\"").append(attribute(p.epoch())).append("\" ver=\"").append(attribute(p.version()))
                .append("\" rel=\"").append(attribute(p.release())).append("\"/>\n");
    }

    private static void file(StringBuilder x, String indent, PackageFile f) {
        x.append(indent).append("<file");
        if (!f.type().isEmpty()) {
            x.append(" type=\"").append(f.type()).append('"');
        }
        x.append('>').append(text(f.path())).append("</file>\n");
    }

    private static void element(StringBuilder x, String indent, String name, String value) {
        x.append(indent).append('<').append(name).append('>').append(text(value)).append("</").append(name).append(">\n");
    }

    private static void optionalAttribute(StringBuilder x, String name, String value) {
        if (!value.isEmpty()) {
            x.append(' ').append(name).append("=\"").append(attribute(value)).append('"');
        }
    }

    /** Escaped as libxml2 escapes text content. */
    private static String text(String s) {
        return escape(s, false);
    }

    /** Escaped as libxml2 escapes attribute values (whitespace kept through character references). */
    private static String attribute(String s) {
        return escape(s, true);
    }

    private static String escape(String s, boolean attribute) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String replacement = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '\r' -> "&#13;";
                case '"' -> attribute ? "&quot;" : null;
                case '\n' -> attribute ? "&#10;" : null;
                case '\t' -> attribute ? "&#9;" : null;
                default -> null;
            };
            if (replacement != null && out == null) {
                out = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? s : out.toString();
    }
}
