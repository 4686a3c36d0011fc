package dev.lazybuild.vfs.sbom;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * What an SBOM is about, for its metadata: the image the build makes, the Containerfile it
 * runs, the lockfiles that declared its components (hashed when the SBOM is written) and
 * when the build ran.
 *
 * @param image the image name ({@code -t}), or null when the build names none
 * @param containerfile null when no build is involved ({@code prefetch --sbom})
 * @param time when the build ran, or null for an SBOM of the declared inputs alone, which is
 *        then the same bytes for the same inputs (a second {@code prefetch --output} changes nothing)
 */
public record SbomSubject(String image, Path containerfile, List<Path> lockfiles, Instant time) {
    public SbomSubject {
        lockfiles = List.copyOf(lockfiles);
    }
}
