package dev.lazybuild.vfs.lockfile;

import dev.lazybuild.fetch.Digest;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Which digests a lockfile entry may be verified with. md5 and sha1 can be forged (sha1
 * collisions since 2017), so a file locked only by one of them is not really locked; Hermeto
 * still accepts them, and refusing them would break old npm lockfiles, so by default they
 * are accepted with a warning, and {@code --strict-digests} refuses them.
 */
public enum DigestPolicy {
    /** md5 and sha1 accepted, each lockfile that uses them named in a warning. */
    WARN_WEAK,
    /** Only sha256, sha384 and sha512. */
    STRONG_ONLY;

    /**
     * What this policy makes of one lockfile's files: nothing when every one has a strong
     * digest; else, under {@link #WARN_WEAK}, one warning naming the lockfile, how many
     * entries and the first; under {@link #STRONG_ONLY}, a {@link LockfileException}.
     */
    public Optional<String> review(Path lockfile, List<LockedFile> files) {
        List<LockedFile> weak = files.stream().filter(f -> isWeak(f.remote().digest().algorithm())).toList();
        if (weak.isEmpty()) {
            return Optional.empty();
        }
        String first = entryOf(weak.get(0), lockfile) + " (" + weak.get(0).remote().digest().algorithm().label() + ")";
        if (this == STRONG_ONLY) {
            throw new LockfileException(lockfile + ": " + first + ": locked only by a weak digest, which "
                    + "--strict-digests refuses" + (weak.size() == 1 ? "" : " (as " + (weak.size() - 1)
                    + " more entries)") + "; regenerate the lockfile with sha256 or stronger");
        }
        return Optional.of(lockfile + ": " + weak.size() + (weak.size() == 1 ? " entry is" : " entries are")
                + " locked only by md5 or sha1, which can be forged (first: " + first + "); regenerate the "
                + "lockfile with sha256 or stronger, or refuse such entries with --strict-digests");
    }

    /** The entry of {@code locked} without the lockfile name its origin starts with. */
    private static String entryOf(LockedFile locked, Path lockfile) {
        String prefix = lockfile.getFileName() + ": ";
        return locked.origin().startsWith(prefix) ? locked.origin().substring(prefix.length()) : locked.origin();
    }

    /** True for the algorithms a lockfile entry should not rely on alone. */
    public static boolean isWeak(Digest.Algorithm algorithm) {
        return algorithm == Digest.Algorithm.MD5 || algorithm == Digest.Algorithm.SHA1;
    }
}
