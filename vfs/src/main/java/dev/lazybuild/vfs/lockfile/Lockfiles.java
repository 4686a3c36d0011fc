package dev.lazybuild.vfs.lockfile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Finds the lockfiles of a build context and reads them with the reader each one needs. */
public final class Lockfiles {
    private Lockfiles() { }

    /**
     * The lockfile kinds lazybuild knows, by the name a lockfile has: the canonical name, found
     * at the context's root, or {@code <anything>.<canonical name>} (as projects keep several,
     * e.g. {@code odh.artifacts.lock.yaml}), which {@code --lockfile} names.
     */
    public enum Kind {
        PYLOCK("pylock.toml"),
        NPM("package-lock.json"),
        GENERIC("artifacts.lock.yaml"),
        RPM("rpms.lock.yaml"),
        ;

        private final String canonicalName;

        Kind(String canonicalName) {
            this.canonicalName = canonicalName;
        }

        /** The kind a file's name says it is, or null. */
        public static Kind ofFileName(String name) {
            // PEP 751 names: pylock.toml, pylock.<name>.toml; uv.lock.d/ style <x>.pylock.<name>.toml too.
            if (name.equals("pylock.toml") || name.matches("pylock\\..+\\.toml") || name.matches(".+\\.pylock(\\..+)?\\.toml")) {
                return PYLOCK;
            }
            for (Kind k : values()) {
                if (k != PYLOCK && (name.equals(k.canonicalName) || name.endsWith("." + k.canonicalName))) {
                    return k;
                }
            }
            return null;
        }

        /** The files this lockfile puts in the tree, for the target architecture where the kind has one. */
        List<LockedFile> read(Path file, String arch) {
            return switch (this) {
                case PYLOCK -> new PylockReader().read(file);
                case NPM -> new NpmLockReader().read(file);
                case GENERIC -> new ArtifactsLockReader().read(file);
                case RPM -> new RpmLockReader(arch).read(file);
            };
        }

        @Override
        public String toString() {
            return canonicalName;
        }
    }

    /** The names lazybuild recognises, for messages. */
    public static final String KNOWN_NAMES = "pylock.toml, pylock.<name>.toml, package-lock.json, artifacts.lock.yaml, rpms.lock.yaml "
            + "(or <anything>.package-lock.json, <anything>.artifacts.lock.yaml, <anything>.rpms.lock.yaml)";

    /** Lockfiles at the root of the build context, in name order. */
    public static List<Path> discover(Path context) {
        if (!Files.isDirectory(context)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(context)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> Kind.ofFileName(p.getFileName().toString()) != null)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new LockfileException("cannot list the build context " + context + ": " + e.getMessage(), e);
        }
    }

    /** Every file one lockfile of a known kind locks (its name need not say the kind: npm-shrinkwrap.json is NPM). */
    public static List<LockedFile> read(Path file, Kind kind, String arch) {
        return kind.read(file, arch);
    }

    /** Every file the given lockfiles lock, for the target architecture (an RPM arch such as x86_64). */
    public static List<LockedFile> read(List<Path> lockfiles, String arch) {
        List<LockedFile> all = new ArrayList<>();
        for (Path file : lockfiles) {
            if (!Files.isRegularFile(file)) {
                throw new LockfileException(file + ": no such lockfile (check --lockfile)");
            }
            Kind kind = Kind.ofFileName(file.getFileName().toString());
            if (kind == null) {
                throw new LockfileException(file + ": cannot tell which kind of lockfile this is from its name; "
                        + "name it one of " + KNOWN_NAMES);
            }
            all.addAll(kind.read(file, arch));
        }
        return all;
    }
}
