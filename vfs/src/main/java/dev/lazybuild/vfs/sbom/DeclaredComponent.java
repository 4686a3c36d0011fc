package dev.lazybuild.vfs.sbom;

import dev.lazybuild.fetch.Digest;
import java.util.Set;
import java.util.SortedMap;

/**
 * One package the inputs declare, as Hermeto's {@code bom.json} lists it: a name, a version
 * and a package URL built by Hermeto's rules for its package manager, with the properties
 * Hermeto sets on it. Read from the lockfiles alone; what lazybuild cannot know from them
 * (an RPM's vendor, the project's git origin) is left out, as README.md, "SBOM", lists.
 *
 * @param version null when the package manager gives none (generic files)
 * @param purl the package URL, canonical form
 * @param file true for CycloneDX type {@code file} (Hermeto's generic artifacts), else {@code library}
 * @param contents the digests of the prefetched files that hold this package (an npm package
 *        bundled in another's tarball is held by that tarball); empty for what lives in the
 *        source tree (the npm project, its workspaces and {@code file:} dependencies)
 * @param properties Hermeto's properties ({@code cdx:npm:package:development}, ...), by name
 * @param distributionUrl where the package was downloaded from, for Hermeto's
 *        {@code distribution} external reference (generic artifacts only), or null
 */
public record DeclaredComponent(String name, String version, String purl, boolean file, Set<Digest> contents,
                                SortedMap<String, String> properties, String distributionUrl) {
    public DeclaredComponent {
        contents = Set.copyOf(contents);
        properties = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(properties));
    }
}
