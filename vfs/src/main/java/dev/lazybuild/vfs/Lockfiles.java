package dev.lazybuild.vfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Finds the lockfiles of a build context and reads them with the reader each one needs. */
public final class Lockfiles {
    private Lockfiles() { }

    /** The lockfile kinds lazybuild knows, by the name a lockfile has. */
    public enum Kind {
        PYLOCK("pylock.toml", "pip"),
        RPM("rpms.lock.yaml", "rpm"),
        ;

        private final String canonicalName;
        private final String ecosystem;

        Kind(String canonicalName, String ecosystem) {
            this.canonicalName = canonicalName;
            this.ecosystem = ecosystem;
        }

        public String ecosystem() {
            return ecosystem;
        }

        /** The kind a file's name says it is, or null. */
        public static Kind ofFileName(String name) {
            if (name.equals("pylock.toml") || name.matches("pylock\\..+\\.toml") || name.matches(".+\\.pylock(\\..+)?\\.toml")) {
                return PYLOCK;
            }
            if (name.equals("rpms.lock.yaml") || name.endsWith(".rpms.lock.yaml")) {
                return RPM;
            }
            return null;
        }

        /** @param arch the target RPM architecture; only rpms.lock.yaml needs it */
        LockfileReader reader(String arch) {
            return switch (this) {
                case PYLOCK -> new PylockReader();
                case RPM -> new RpmLockReader(arch);
            };
        }

        @Override
        public String toString() {
            return canonicalName;
        }
    }

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
                        + "name it pylock.toml, pylock.<name>.toml or rpms.lock.yaml");
            }
            all.addAll(kind.reader(arch).read(file));
        }
        return all;
    }
}
