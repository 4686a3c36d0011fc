package dev.lazybuild.vfs.lockfile;

import dev.lazybuild.fetch.Digest;

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

    /** True for the algorithms a lockfile entry should not rely on alone. */
    public static boolean isWeak(Digest.Algorithm algorithm) {
        return algorithm == Digest.Algorithm.MD5 || algorithm == Digest.Algorithm.SHA1;
    }
}
