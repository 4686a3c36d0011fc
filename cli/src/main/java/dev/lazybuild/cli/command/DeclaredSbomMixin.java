package dev.lazybuild.cli.command;

import dev.lazybuild.cli.VersionProvider;
import dev.lazybuild.cli.app.InputsSbom;
import dev.lazybuild.cli.app.LockedInputs;
import java.nio.file.Path;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * {@code --sbom FILE} for the commands that read the inputs without a build (plan, prefetch):
 * the SBOM of the declared inputs alone. build names its own {@code --prefetch-sbom}, since
 * podman owns {@code --sbom} there, and marks what the build opened.
 */
final class DeclaredSbomMixin {
    @Option(names = "--sbom", paramLabel = "FILE",
            description = "Also write a CycloneDX 1.6 SBOM of every component the lockfiles declare (as Hermeto's bom.json lists them) to FILE.")
    Path sbom;

    /** Writes the SBOM of {@code inputs} when {@code --sbom} was given. */
    void writeIfAsked(LockedInputs inputs) {
        if (sbom != null) {
            InputsSbom.write(sbom, inputs, InputsSbom.declared(inputs), Set.of(), VersionProvider.version());
        }
    }
}
