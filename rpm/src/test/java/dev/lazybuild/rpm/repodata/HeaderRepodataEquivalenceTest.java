package dev.lazybuild.rpm.repodata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.rpm.header.RpmHeaders;
import dev.lazybuild.rpm.header.TestPackages;
import dev.lazybuild.testkit.Prerequisites;
import dev.lazybuild.testkit.RpmSigningKey;
import dev.lazybuild.testkit.Rpms;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * createrepo_c is the reference: repodata written from headers alone must say, package by
 * package and field by field, what createrepo_c says after reading the whole files. Only
 * {@code <time file>} differs (createrepo_c takes the file's mtime).
 */
@Tag("e2e")
class HeaderRepodataEquivalenceTest {
    private static final List<Rpms.Rpm> PACKAGES = new ArrayList<>();

    @TempDir
    Path work;

    @BeforeAll
    static void buildPackages() {
        Prerequisites.requireProgram("createrepo_c");
        Prerequisites.requireProgram("modifyrepo_c");
        PACKAGES.add(TestPackages.rich());
        PACKAGES.add(TestPackages.manyFiles("x86_64", 3000));
        PACKAGES.add(TestPackages.bare("i686"));
        PACKAGES.add(Rpms.build("lazyplain", "7.0", "s390x", "plain", List.of("lazyrich >= 2:1.0")));
        try (RpmSigningKey key = RpmSigningKey.create()) {
            PACKAGES.add(key.sign(TestPackages.manyFiles("aarch64", 40)));
        }
    }

    @Test
    void headerOnlyRepodataSaysWhatCreaterepoSaysOfEveryPackage() throws Exception {
        Path repo = Files.createDirectories(work.resolve("repo"));
        List<PackageMetadata> fromHeaders = new ArrayList<>();
        for (Rpms.Rpm rpm : PACKAGES) {
            Files.write(repo.resolve(rpm.fileName()), rpm.bytes());
            RpmHeaders headers = readPrefixOnly(rpm);
            fromHeaders.add(PackageMetadataReader.read(headers, sha256(rpm.bytes()), rpm.bytes().length, rpm.fileName()));
        }
        run("createrepo_c", "--general-compress-type", "gz", "--quiet", repo.toString());
        Path ours = work.resolve("ours/repodata");
        RepodataWriter.write(fromHeaders, null, ours);

        for (String type : List.of("primary", "filelists", "other")) {
            Map<String, String> expected = packagesOf(repo.resolve("repodata"), type);
            Map<String, String> actual = packagesOf(ours, type);
            assertThat(expected).as(type).hasSize(PACKAGES.size());
            assertThat(actual.keySet()).as(type).isEqualTo(expected.keySet());
            expected.forEach((pkg, record) -> assertThat(actual.get(pkg)).as(type + " of " + pkg).isEqualTo(record));
        }
        String rich = packagesOf(ours, "primary").values().stream().filter(p -> p.contains("lazyrich")).findFirst().orElseThrow();
        // The parts most likely to go wrong, named, so a failure above cannot hide behind a shared mistake.
        assertThat(rich).contains("rpm:entry{name=(foo or bar)}", "rpm:entry{name=/bin/sh,pre=1}",
                "rpm:recommends", "rpm:supplements", "rpm:enhances", "rpm:suggests", "file{type=dir}[/etc/lazyrich]",
                "file[/opt/tools/sbin/helper]");
        assertThat(packagesOf(ours, "other").values().stream().filter(p -> p.contains("lazyrich")).findFirst().orElseThrow())
                .contains("changelog{author=Änne Tester <a@b.invalid> - 2:1.0-14");
    }

    @Test
    void moduleMetadataIsListedAsModifyrepoListsIt() throws Exception {
        Path repo = Files.createDirectories(work.resolve("repo"));
        Rpms.Rpm rpm = PACKAGES.get(0);
        Files.write(repo.resolve(rpm.fileName()), rpm.bytes());
        run("createrepo_c", "--general-compress-type", "gz", "--quiet", repo.toString());
        byte[] modules = "---\ndocument: modulemd\nversion: 2\ndata:\n  name: lazy\n  stream: \"1\"\n...\n"
                .getBytes(StandardCharsets.UTF_8);
        Path yaml = Files.write(work.resolve("modules.yaml"), modules);
        run("modifyrepo_c", "--mdtype=modules", "--compress-type=gz", yaml.toString(), repo.resolve("repodata").toString());
        Path ours = work.resolve("ours/repodata");
        RepodataWriter.write(List.of(PackageMetadataReader.read(readPrefixOnly(rpm), sha256(rpm.bytes()),
                rpm.bytes().length, rpm.fileName())), modules, ours);

        assertThat(openChecksum(ours, "modules")).isEqualTo(openChecksum(repo.resolve("repodata"), "modules"))
                .isEqualTo(sha256(modules));
        assertThat(gunzip(ours.resolve(href(ours, "modules")))).isEqualTo(modules);
    }

    /** Reads through a stream that fails past the header's end: the reader must need no more. */
    private static RpmHeaders readPrefixOnly(Rpms.Rpm rpm) throws IOException {
        RpmHeaders probe = RpmHeaders.read(new ByteArrayInputStream(rpm.bytes()), rpm.fileName());
        byte[] prefix = java.util.Arrays.copyOf(rpm.bytes(), (int) probe.headerEnd());
        assertThat(RpmHeaders.prefixLength(prefix, RpmHeaders.MINIMUM_PREFIX, rpm.fileName()))
                .isEqualTo(probe.headerStart() + 16);
        assertThat(RpmHeaders.prefixLength(prefix, prefix.length, rpm.fileName())).isEqualTo(prefix.length);
        return RpmHeaders.read(prefix, rpm.fileName());
    }

    private static Map<String, String> packagesOf(Path repodata, String type) throws Exception {
        byte[] xml = gunzip(repodata.resolve(href(repodata, type)));
        var factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(false);
        NodeList packages = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml)).getElementsByTagName("package");
        Map<String, String> out = new TreeMap<>();
        for (int i = 0; i < packages.getLength(); i++) {
            Element p = (Element) packages.item(i);
            String pkgid = p.hasAttribute("pkgid") ? p.getAttribute("pkgid")
                    : ((Element) p.getElementsByTagName("checksum").item(0)).getTextContent();
            out.put(pkgid, canonical(p));
        }
        return out;
    }

    /** Element name, attributes by name (without time@file), then text or child elements in order. */
    private static String canonical(Element e) {
        StringBuilder s = new StringBuilder(e.getTagName());
        NamedNodeMap attributes = e.getAttributes();
        Map<String, String> sorted = new TreeMap<>();
        for (int i = 0; i < attributes.getLength(); i++) {
            Node a = attributes.item(i);
            if (!(e.getTagName().equals("time") && a.getNodeName().equals("file"))) {
                sorted.put(a.getNodeName(), a.getNodeValue());
            }
        }
        if (!sorted.isEmpty()) {
            s.append('{');
            sorted.forEach((k, v) -> s.append(k).append('=').append(v).append(','));
            s.setLength(s.length() - 1);
            s.append('}');
        }
        List<Element> children = new ArrayList<>();
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element child) {
                children.add(child);
            }
        }
        if (children.isEmpty()) {
            s.append('[').append(e.getTextContent()).append(']');
        }
        children.forEach(c -> s.append("\n ").append(canonical(c).replace("\n", "\n ")));
        return s.toString();
    }

    private static String href(Path repodata, String type) throws Exception {
        return dataElement(repodata, type).getElementsByTagName("location").item(0).getAttributes()
                .getNamedItem("href").getNodeValue().substring("repodata/".length());
    }

    private static String openChecksum(Path repodata, String type) throws Exception {
        return dataElement(repodata, type).getElementsByTagName("open-checksum").item(0).getTextContent();
    }

    private static Element dataElement(Path repodata, String type) throws Exception {
        NodeList data = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(repodata.resolve("repomd.xml").toFile()).getElementsByTagName("data");
        for (int i = 0; i < data.getLength(); i++) {
            Element d = (Element) data.item(i);
            if (d.getAttribute("type").equals(type)) {
                return d;
            }
        }
        throw new AssertionError("no " + type + " in " + repodata.resolve("repomd.xml"));
    }

    private static byte[] gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
    }
}
