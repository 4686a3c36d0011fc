package dev.lazybuild.cli.podman;

import dev.lazybuild.fetch.Digest;
import dev.lazybuild.vfs.lockfile.LockedFile;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * A digest of everything the mount shows: each file's path, digest and size, and where the
 * build sees the tree. Two builds with the same key see byte-identical trees, so a cached
 * layer made with one is right for the other; builds with different keys must not share
 * layers, which {@link KeyedContainerfile} makes podman respect.
 */
public final class LayerCacheKey {
    /** The build argument that carries the key into every stage. */
    public static final String BUILD_ARG = "LAZYBUILD_TREE";

    private LayerCacheKey() { }
public 
    static String of(List<LockedFile> files, String mountTarget) {
        MessageDigest sha = sha256();
        update(sha, "lazybuild-tree-1\0" + mountTarget + "\0");
        files.stream().sorted(Comparator.comparing(LockedFile::path)).forEach(f ->
                update(sha, f.path() + "\0" + f.remote().digest().storeKey() + "\0" + f.remote().size() + "\n"));
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void update(MessageDigest sha, String s) {
        sha.update(s.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest sha256() {
        return Digest.Algorithm.SHA256.newHasher();
    }
}
