package dev.lazybuild.rpm;

import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.store.RepodataKey;
import dev.lazybuild.fetch.team.TeamTier;
import dev.lazybuild.vfs.lockfile.LockedFile;
import dev.lazybuild.vfs.lockfile.RpmLockReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Repodata entries shared through the team cache, so the first build on a new machine skips
 * the eager RPM download when anyone on the team generated them: each file of
 * {@code repodata/} under {@code repodata/<lockfile sha256>/<arch>/<repoid>/<file>}, and an
 * {@code index} listing them, written last.
 *
 * <p>The lockfile's digests do not cover repodata, so a tier's entry is checked before use:
 * primary.xml must list exactly the lockfile's RPMs (location and sha256). That is what dnf
 * trusts to pick and check packages; an entry that fails is ignored and generated locally.
 * filelists and other (file lists, changelogs) are not cross-checked.
 */
final class SharedRepodata {
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");
    private static final int MAX_FILES = 32;

    private final TeamTier team;

    SharedRepodata(TeamTier team) {
        this.team = team;
    }

    /** The tier's keys of an entry's files: {@code repodata/<sha256>/<arch>/<repoid>/<file>}, as the store names it. */
    private static String prefix(RepodataKey key) {
        return key.leaseKey() + "/";
    }

    /** Fills {@code work/repodata/} from the team cache; false when absent, incomplete or not matching the lockfile. */
    boolean fetchInto(RepodataKey key, RpmLockReader.Repository repository, Path work) {
        String prefix = prefix(key);
        try {
            Path repodata = Files.createDirectories(work.resolve("repodata"));
            Path index = work.resolve("index");
            if (!team.getRepodataFile(prefix + "index", index)) {
                return false;
            }
            List<String> names = Files.readAllLines(index).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
            Files.delete(index);
            if (names.isEmpty() || names.size() > MAX_FILES || !names.stream().allMatch(n -> FILE_NAME.matcher(n).matches())
                    || !names.contains("repomd.xml")) {
                return false;
            }
            for (String name : names) {
                if (!team.getRepodataFile(prefix + name, repodata.resolve(name))) {
                    return false;
                }
            }
            return listsExactlyTheLockedRpms(repodata, repository);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Uploads a locally generated entry in the background, its index last. */
    void upload(RepodataKey key, Path repodata) {
        String prefix = prefix(key);
        try (Stream<Path> files = Files.list(repodata)) {
            List<Path> all = files.sorted().toList();
            StringBuilder index = new StringBuilder();
            for (Path f : all) {
                team.putFileLater(prefix + f.getFileName(), f);
                index.append(f.getFileName()).append('\n');
            }
            team.putBytesLater(prefix + "index", index.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            // Sharing is an optimisation: the local entry is in place either way.
        }
    }

    /** primary.xml's packages, by location, with their sha256, equal to the lockfile's RPMs. */
    static boolean listsExactlyTheLockedRpms(Path repodata, RpmLockReader.Repository repository) {
        Map<String, String> locked = new HashMap<>();
        for (LockedFile f : repository.packages()) {
            Digest d = f.remote().digest();
            if (d.algorithm() != Digest.Algorithm.SHA256) {
                return false; // createrepo_c records sha256; nothing to compare with
            }
            locked.put(f.path().substring(f.path().lastIndexOf('/') + 1), d.hex());
        }
        try {
            Path primary = primaryOf(repodata);
            return primary != null && locked.equals(packagesIn(primary));
        } catch (IOException | XMLStreamException e) {
            return false;
        }
    }

    private static Path primaryOf(Path repodata) throws IOException, XMLStreamException {
        try (InputStream in = Files.newInputStream(repodata.resolve("repomd.xml"))) {
            XMLStreamReader x = xml().createXMLStreamReader(in);
            boolean inPrimary = false;
            while (x.hasNext()) {
                if (x.next() != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                if (x.getLocalName().equals("data")) {
                    inPrimary = "primary".equals(x.getAttributeValue(null, "type"));
                } else if (inPrimary && x.getLocalName().equals("location")) {
                    String href = x.getAttributeValue(null, "href");
                    String name = href == null ? "" : href.substring(href.lastIndexOf('/') + 1);
                    return FILE_NAME.matcher(name).matches() ? repodata.resolve(name) : null;
                }
            }
            return null;
        }
    }

    private static Map<String, String> packagesIn(Path primary) throws IOException, XMLStreamException {
        Map<String, String> out = new HashMap<>();
        try (InputStream raw = Files.newInputStream(primary);
             InputStream in = primary.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            XMLStreamReader x = xml().createXMLStreamReader(in);
            String checksum = null;
            while (x.hasNext()) {
                int event = x.next();
                if (event == XMLStreamConstants.START_ELEMENT && x.getLocalName().equals("package")) {
                    checksum = null;
                } else if (event == XMLStreamConstants.START_ELEMENT && x.getLocalName().equals("checksum")
                        && "sha256".equals(x.getAttributeValue(null, "type"))) {
                    checksum = x.getElementText().strip();
                } else if (event == XMLStreamConstants.START_ELEMENT && x.getLocalName().equals("location")) {
                    String href = x.getAttributeValue(null, "href");
                    if (out.put(href, checksum) != null) {
                        return Map.of(); // one location twice: not what createrepo_c writes
                    }
                }
            }
        }
        return out;
    }

    /** No DTDs or external entities: the document comes from a tier we do not trust. */
    private static XMLInputFactory xml() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return f;
    }
}
