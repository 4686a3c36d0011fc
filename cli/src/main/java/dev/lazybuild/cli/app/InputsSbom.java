package dev.lazybuild.cli.app;

import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.LazybuildException;
import dev.lazybuild.vfs.export.TreeExport;
import dev.lazybuild.vfs.sbom.CycloneDxSbom;
import dev.lazybuild.vfs.sbom.DeclaredComponents;
import dev.lazybuild.vfs.sbom.SbomSubject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;

/**
 * The CycloneDX SBOM of the components a build's lockfiles declare, as Hermeto's bom.json
 * lists them (see {@link CycloneDxSbom}): written by {@code build --prefetch-sbom} with what
 * the build opened, by {@code plan --sbom} and {@code prefetch --sbom} for the inputs alone,
 * and into {@code prefetch --output}'s directory.
 */
public final class InputsSbom {
    private InputsSbom() { }

    /**
     * @param opened the digests of the files the build opened (empty without a build)
     * @param version lazybuild's version, for the SBOM's tool entry
     */
    public static void write(Path file, LockedInputs inputs, SbomSubject subject, Set<Digest> opened, String version) {
        try {
            String json = CycloneDxSbom.of(subject, DeclaredComponents.read(inputs.sbomSources(), inputs.files(), inputs.gomod()), opened,
                    version).toJson();
            TreeExport.writeIfChanged(file, json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new LazybuildException(LazybuildException.Kind.CONFIG, "cannot write the SBOM to " + file + ": "
                    + e.getMessage(), e);
        }
    }

    /** The SBOM of the lockfiles alone: no build, no time, so the same inputs give the same bytes. */
    public static SbomSubject declared(LockedInputs inputs) {
        return new SbomSubject(null, null, inputs.sbomLockfiles(), null);
    }
}
