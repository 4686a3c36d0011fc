package dev.lazybuild.vfs.sbom;

import java.nio.file.Path;
import java.util.List;

/**
 * What an SBOM is about, for its metadata: the image the build makes, the Containerfile it
 * runs and the lockfiles that declared its components (hashed when the SBOM is written).
 *
 * @param image the image name ({@code -t}), or null when the build names none
 * @param containerfile null when no build is involved ({@code prefetch --sbom})
 */
public record SbomSubject(String image, Path containerfile, List<Path> lockfiles) {
    public SbomSubject {
        lockfiles = List.copyOf(lockfiles);
    }
}
