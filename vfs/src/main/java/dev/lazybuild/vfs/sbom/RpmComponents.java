package dev.lazybuild.vfs.sbom;

import dev.lazybuild.fetch.Digest;
import dev.lazybuild.vfs.lockfile.LockfileYaml;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The components Hermeto's rpm backend lists for an {@code rpms.lock.yaml}
 * (hermeto/core/package_managers/rpm/main.py, {@code Package.purl}): one per RPM and source
 * RPM of every architecture, as Hermeto prefetches them all (a build opens only its own),
 * {@code pkg:rpm/<vendor>/<name>@<version>-<release>} with
 * {@code arch}, {@code epoch}, {@code checksum} and {@code repository_id} (or, for an entry
 * with a generated repoid, {@code download_url}).
 *
 * <p>Hermeto reads name, version, release, epoch and arch from the downloaded RPM's header;
 * lazybuild reads them from the lockfile's {@code name} and {@code evr} and the file name
 * ({@code <name>-<version>-<release>.<arch>.rpm}), which rpm-lockfile-prototype wrote from
 * those very headers. The vendor namespace needs the header itself, so it is left empty.
 * Module metadata is no package and is not listed, as in Hermeto.
 */
final class RpmComponents {
    private RpmComponents() { }

    static List<DeclaredComponent> read(Path file) {
        List<DeclaredComponent> out = new ArrayList<>();
        if (!(LockfileYaml.read(file).document() instanceof Map<?, ?> top) || !(top.get("arches") instanceof List<?> arches)) {
            return out; // Lockfiles.read refused it already
        }
        for (Object a : arches) {
            if (a instanceof Map<?, ?> archEntry) {
                String arch = String.valueOf(archEntry.get("arch"));
                for (String key : List.of("packages", "source")) {
                    if (archEntry.get(key) instanceof List<?> items) {
                        for (int i = 0; i < items.size(); i++) {
                            out.add(component(file, arch + " " + key + "[" + i + "]", (Map<?, ?>) items.get(i)));
                        }
                    }
                }
            }
        }
        return out;
    }

    private static DeclaredComponent component(Path file, String entry, Map<?, ?> item) {
        String url = String.valueOf(item.get("url")).trim();
        String fileName = URLDecoder.decode(lastSegment(url).replace("+", "%2B"), StandardCharsets.UTF_8);
        Nevra nevra = Nevra.of(fileName, item.get("name") instanceof String n ? n : null,
                item.get("evr") instanceof String evr ? evr : null);
        Digest checksum = Digest.parsePrefixed(String.valueOf(item.get("checksum")));
        String repoid = item.get("repoid") instanceof String r ? r : null;
        Map<String, String> qualifiers = new TreeMap<>();
        qualifiers.put("arch", nevra.arch());
        qualifiers.put("epoch", nevra.epoch());
        qualifiers.put("checksum", checksum.toString());
        // Hermeto: a repoid it generated ("hermeto-...") is no repository anyone can find again.
        if (repoid != null && !repoid.startsWith("hermeto")) {
            qualifiers.put("repository_id", repoid);
        } else {
            qualifiers.put("download_url", url);
        }
        String purl = PackageUrls.of("rpm", null, nevra.name(), nevra.version() + "-" + nevra.release(), qualifiers,
                null, file, entry);
        return new DeclaredComponent(nevra.name(), nevra.version(), purl, false, Set.of(checksum), new TreeMap<>(), null);
    }

    private static String lastSegment(String url) {
        String path = URI.create(url).getRawPath();
        return path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
    }

    /** Name, epoch, version, release and arch of one RPM; arch {@code src} for a source RPM, as Hermeto. */
    record Nevra(String name, String epoch, String version, String release, String arch) {
        /**
         * From {@code <name>-<version>-<release>.<arch>.rpm}, with the lockfile's name and
         * {@code [epoch:]version-release} preferred where present (a name may contain '-').
         */
        static Nevra of(String fileName, String lockedName, String evr) {
            String base = fileName.endsWith(".rpm") ? fileName.substring(0, fileName.length() - 4) : fileName;
            int dot = base.lastIndexOf('.');
            String arch = dot < 0 ? "" : base.substring(dot + 1);
            String nvr = dot < 0 ? base : base.substring(0, dot);
            int releaseDash = nvr.lastIndexOf('-');
            int versionDash = releaseDash <= 0 ? -1 : nvr.lastIndexOf('-', releaseDash - 1);
            String name = lockedName != null ? lockedName : versionDash < 0 ? nvr : nvr.substring(0, versionDash);
            String epoch = null;
            String vr = versionDash < 0 ? "" : nvr.substring(versionDash + 1);
            if (evr != null) {
                int colon = evr.indexOf(':');
                epoch = colon < 0 ? null : evr.substring(0, colon);
                vr = evr.substring(colon + 1);
            }
            int dash = vr.lastIndexOf('-');
            String version = dash < 0 ? vr : vr.substring(0, dash);
            String release = dash < 0 ? "" : vr.substring(dash + 1);
            // The epoch as the lockfile's evr spells it: Hermeto's header query gives none for an
            // unset EPOCH, and rpm-lockfile-prototype writes "<epoch>:" only when one is set.
            return new Nevra(name, epoch, version, release, fileName.endsWith(".src.rpm") ? "src" : arch);
        }
    }
}
