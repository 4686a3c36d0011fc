package dev.lazybuild.vfs.sbom;

import dev.lazybuild.fetch.Digest;
import dev.lazybuild.vfs.gomod.GoModuleTree;
import dev.lazybuild.vfs.lockfile.LockedFile;
import dev.lazybuild.vfs.lockfile.LockfileException;
import dev.lazybuild.vfs.lockfile.Lockfiles;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Every component the lockfiles declare, merged and sorted as Hermeto's {@code bom.json} has them. */
public final class DeclaredComponents {
    /** Properties a merged component keeps only when every occurrence has them (Hermeto's PropertySet.merge). */
    private static final Set<String> KEPT_WHEN_ALL_HAVE = Set.of(NpmComponents.BUNDLED, NpmComponents.DEVELOPMENT,
            "hermeto:pip:package:build-dependency");

    private DeclaredComponents() { }

    /**
     * A lockfile the SBOM reads, with its kind: known by its name, or, for a pip input's
     * requirements files, from the input whatever their names.
     */
    public record Source(Path file, Lockfiles.Kind kind) {
        /** @throws LockfileException when the name is no lockfile kind's (a go.mod is read through {@link GoModuleTree}) */
        public static Source named(Path file) {
            Lockfiles.Kind kind = Lockfiles.Kind.ofFileName(file.getFileName().toString());
            if (kind == null) {
                throw new LockfileException(file + ": not a lockfile the SBOM can read components from");
            }
            return new Source(file, kind);
        }
    }

    /**
     * @param lockfiles the lockfiles, already accepted by {@link Lockfiles#read}, each known by its name
     * @param lockedFiles what {@link Lockfiles#read} made of them (for any one architecture), which ties
     *        components to files
     * @return one component per package URL, in package URL order
     */
    public static List<DeclaredComponent> read(List<Path> lockfiles, List<LockedFile> lockedFiles) {
        return read(lockfiles.stream().map(Source::named).toList(), lockedFiles, null);
    }

    /**
     * @param lockfiles the lockfiles, already accepted by {@link Lockfiles#read}
     * @param lockedFiles every file the build's tree downloads (for any one architecture), which ties
     *        components to files
     * @param gomod the Go modules of the gomod inputs, or null without any
     * @return one component per package URL, in package URL order
     */
    public static List<DeclaredComponent> read(List<Source> lockfiles, List<LockedFile> lockedFiles, GoModuleTree gomod) {
        Map<Digest, LockedFile> byDigest = new HashMap<>();
        Map<URI, LockedFile> byUrl = new HashMap<>();
        for (LockedFile f : lockedFiles) {
            byDigest.putIfAbsent(f.remote().digest(), f);
            f.remote().urls().forEach(u -> byUrl.putIfAbsent(u, f));
        }
        Map<String, DeclaredComponent> byPurl = new TreeMap<>();
        List<List<DeclaredComponent>> declared = new ArrayList<>();
        for (Source source : lockfiles) {
            Path file = source.file();
            declared.add(switch (source.kind()) {
                case PYLOCK -> PipComponents.read(file, byUrl);
                case REQUIREMENTS -> PipComponents.readRequirements(file, byDigest);
                case NPM -> NpmComponents.read(file);
                case GENERIC -> GenericComponents.read(file, byDigest);
                case RPM -> RpmComponents.read(file);
            });
        }
        if (gomod != null) {
            declared.add(GoComponents.of(gomod));
        }
        declared.forEach(components -> components.forEach(c -> byPurl.merge(c.purl(), c, DeclaredComponents::merge)));
        return new ArrayList<>(byPurl.values());
    }

    private static DeclaredComponent merge(DeclaredComponent a, DeclaredComponent b) {
        TreeMap<String, String> properties = new TreeMap<>(a.properties());
        b.properties().forEach(properties::putIfAbsent);
        properties.keySet().removeIf(k -> KEPT_WHEN_ALL_HAVE.contains(k)
                && !(a.properties().containsKey(k) && b.properties().containsKey(k)));
        Set<Digest> contents = new HashSet<>(a.contents());
        contents.addAll(b.contents());
        return new DeclaredComponent(a.name(), a.version(), a.purl(), a.file(), contents, properties, a.distributionUrl());
    }
}
