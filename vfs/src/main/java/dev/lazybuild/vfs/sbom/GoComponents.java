package dev.lazybuild.vfs.sbom;

import dev.lazybuild.fetch.Digest;
import dev.lazybuild.vfs.gomod.GoModuleTree;
import dev.lazybuild.vfs.gomod.ModuleVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Go modules of gomod inputs as Hermeto's gomod backend lists them
 * (hermeto/core/package_managers/gomod/main.py, {@code Module.purl}): {@code pkg:golang/<module
 * path>@<version>?type=module}, the path unescaped ('/' kept, as packageurl-python writes it).
 * Hermeto also lists every Go package the build imports ({@code type=package}, from
 * {@code go list -deps}) and the main module with its git origin; both need the Go toolchain
 * and the repository, which lazybuild does not run, so README's SBOM section names them as left out.
 */
final class GoComponents {
    private GoComponents() { }

    static List<DeclaredComponent> of(GoModuleTree gomod) {
        List<DeclaredComponent> out = new ArrayList<>();
        // GoModule checked every path and version already; a purl error, which cannot follow, would name go.sum.
        for (Map.Entry<ModuleVersion, Set<Digest>> e : gomod.modules().entrySet()) {
            ModuleVersion m = e.getKey();
            out.add(new DeclaredComponent(m.path(), m.version(), PackageUrls.of("golang", null, m.path(), m.version(),
                    Map.of("type", "module"), null, Path.of("go.sum"), m.toString()), false, e.getValue(), new TreeMap<>(), null));
        }
        return out;
    }
}
