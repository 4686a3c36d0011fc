package dev.lazybuild.vfs.sbom;

import dev.lazybuild.fetch.Digest;
import dev.lazybuild.vfs.lockfile.LockedFile;
import dev.lazybuild.vfs.lockfile.LockfileException;
import dev.lazybuild.vfs.pip.Requirement;
import dev.lazybuild.vfs.pip.RequirementsFile;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * The components of a PEP 751 {@code pylock.toml}, as Hermeto's pip backend lists index
 * packages (hermeto/core/package_managers/python/pip/main.py): {@code pkg:pypi/<name>@<version>}
 * with the name normalized as PEP 503 says, and {@code hermeto:pip:package:binary} when
 * wheels were prefetched.
 */
final class PipComponents {
    static final String BINARY = "hermeto:pip:package:binary";

    private PipComponents() { }

    static List<DeclaredComponent> read(Path file, Map<URI, LockedFile> lockedByUrl) {
        TomlParseResult toml;
        try {
            toml = Toml.parse(file);
        } catch (IOException e) {
            throw LockfileException.at(file, null, "cannot read: " + e.getMessage());
        }
        List<DeclaredComponent> out = new ArrayList<>();
        TomlArray packages = toml.getArray("packages");
        for (int i = 0; packages != null && i < packages.size(); i++) {
            TomlTable pkg = packages.getTable(i);
            String name = pkg.getString("name");
            if (name == null) {
                throw LockfileException.at(file, "packages[" + i + "]", "has no 'name', which the SBOM needs");
            }
            String version = pkg.getString("version");
            Set<Digest> contents = new HashSet<>();
            TomlArray wheels = pkg.getArray("wheels");
            for (int w = 0; wheels != null && w < wheels.size(); w++) {
                addContent(wheels.getTable(w), lockedByUrl, contents);
            }
            if (pkg.getTable("sdist") != null) {
                addContent(pkg.getTable("sdist"), lockedByUrl, contents);
            }
            TreeMap<String, String> properties = new TreeMap<>();
            if (wheels != null && !wheels.isEmpty()) {
                properties.put(BINARY, "true");
            }
            String normalized = name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
            out.add(new DeclaredComponent(name, version, PackageUrls.of("pypi", null, normalized, version, Map.of(),
                    null, file, "packages[" + i + "] (" + name + ")"), false, contents, properties, null));
        }
        return out;
    }

    /**
     * The components of a hashed requirements file: one per pinned index requirement, tied to
     * the locked files whose sha256 the requirement lists. URL and VCS requirements name no
     * index version, so, as Hermeto's purl for them needs the VCS or download URL, they are
     * listed with the URL as {@code download_url}.
     */
    static List<DeclaredComponent> readRequirements(Path file, Map<Digest, LockedFile> lockedByDigest) {
        RequirementsFile requirements = RequirementsFile.read(file);
        List<DeclaredComponent> out = new ArrayList<>();
        for (Requirement r : requirements.requirements()) {
            Set<Digest> contents = new HashSet<>();
            for (String hash : r.hashes()) {
                Digest digest;
                try {
                    digest = Digest.parsePrefixed(hash);
                } catch (IllegalArgumentException e) {
                    continue; // an algorithm we do not know matches no locked file
                }
                if (lockedByDigest.containsKey(digest)) {
                    contents.add(digest);
                }
            }
            TreeMap<String, String> properties = new TreeMap<>();
            boolean binary = contents.stream().anyMatch(d -> lockedByDigest.get(d).path().endsWith(".whl"));
            if (binary) {
                properties.put(BINARY, "true");
            }
            String version = r.kind() == Requirement.Kind.PYPI ? r.pinnedVersion() : null;
            Map<String, String> qualifiers = r.url() == null ? Map.of() : Map.of("download_url", r.url());
            out.add(new DeclaredComponent(r.rawName(), version, PackageUrls.of("pypi", null, r.name(), version, qualifiers,
                    null, file, "line " + r.line() + " (" + r.rawName() + ")"), false, contents, properties, null));
        }
        return out;
    }

    private static void addContent(TomlTable artifact, Map<URI, LockedFile> lockedByUrl, Set<Digest> contents) {
        String url = artifact.getString("url");
        LockedFile locked = url == null ? null : lockedByUrl.get(URI.create(url.trim()));
        if (locked != null) {
            contents.add(locked.remote().digest());
        }
    }
}
