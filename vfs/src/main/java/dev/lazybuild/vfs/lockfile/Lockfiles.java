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
        /**
         * A hash-locked pip requirements file, {@code requirements*.txt}: only through
         * {@code --lockfile} (most requirements files are not hashed, so one at the context's
         * root is never taken on its own), and resolved through the index, not read alone.
         */
        REQUIREMENTS("requirements*.txt"),
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
            if (name.startsWith("requirements") && name.endsWith(".txt")) {
                return REQUIREMENTS;
            }
            for (Kind k : values()) {
                if (k != PYLOCK && k != REQUIREMENTS && (name.equals(k.canonicalName) || name.endsWith("." + k.canonicalName))) {
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
                case REQUIREMENTS -> throw new LockfileException(file + ": a requirements file is resolved through its index "
                        + "(PipResolver), not read alone");
            };
        }

        @Override
        public String toString() {
            return canonicalName;
        }
    }

    /** The names lazybuild recognises, for messages. */
    public static final String KNOWN_NAMES = "pylock.toml, pylock.<name>.toml, package-lock.json, artifacts.lock.yaml, rpms.lock.yaml "
            + "(or <anything>.package-lock.json, <anything>.artifacts.lock.yaml, <anything>.rpms.lock.yaml), "
            + "and with --lockfile a hash-locked requirements*.txt";

    /** Lockfiles at the root of the build context, in name order. */
    public static List<Path> discover(Path context) {
        if (!Files.isDirectory(context)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(context)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> {
                        Kind kind = Kind.ofFileName(p.getFileName().toString());
                        return kind != null && kind != Kind.REQUIREMENTS;
                    })
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

    /**
     * Every file the given lockfiles lock, for the target architecture (an RPM arch such as
     * x86_64), entries locked only by md5 or sha1 accepted with a warning that is dropped:
     * for callers that print no summary. Requirements files are not among them: they are
     * resolved through their index ({@code dev.lazybuild.vfs.pip.PipResolver}).
     */
    public static List<LockedFile> read(List<Path> lockfiles, String arch) {
        return read(lockfiles, arch, DigestPolicy.WARN_WEAK).files();
    }

    /**
     * Every file the given lockfiles lock, for the target architecture, and a warning for
     * each lockfile with entries locked only by md5 or sha1 (refused instead under
     * {@link DigestPolicy#STRONG_ONLY}).
     */
    public static LockedFiles read(List<Path> lockfiles, String arch, DigestPolicy policy) {
        return read(lockfiles, arch, policy, ParsedLockfiles.NONE);
    }

    /** As {@link #read(List, String, DigestPolicy)}, each lockfile's files from {@code parsed} when it kept them. */
    public static LockedFiles read(List<Path> lockfiles, String arch, DigestPolicy policy, ParsedLockfiles parsed) {
        requireExisting(lockfiles);
        List<LockedFile> all = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (Path file : lockfiles) {
            Kind kind = Kind.ofFileName(file.getFileName().toString());
            if (kind == null) {
                throw new LockfileException(file + ": cannot tell which kind of lockfile this is from its name; "
                        + "name it one of " + KNOWN_NAMES);
            }
            List<LockedFile> files = parsed.files(file, kind, arch);
            policy.review(file, files).ifPresent(warnings::add);
            all.addAll(files);
        }
        return new LockedFiles(all, warnings);
    }

    /**
     * Fails on the first of {@code lockfiles} that is not a file, naming the option that named it;
     * for readers that open lockfiles themselves (rpms.lock.yaml), so they do not say only "cannot read".
     */
    public static void requireExisting(List<Path> lockfiles) {
        for (Path file : lockfiles) {
            if (!Files.isRegularFile(file)) {
                throw new LockfileException(file + ": no such lockfile (check --lockfile)");
            }
        }
    }
}
