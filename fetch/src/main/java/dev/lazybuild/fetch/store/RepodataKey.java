package dev.lazybuild.fetch.store;

import java.util.regex.Pattern;

/**
 * Names one repodata entry of the store: the sha256 of an rpms.lock.yaml's bytes, an
 * architecture and a repoid. The three parts become directory names, and repoids come from a
 * lockfile nobody vouches for, so each must be one plain path element.
 */
public record RepodataKey(String lockfileSha256, String arch, String repoid) {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern ELEMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._:+-]{0,199}");

    public RepodataKey {
        if (!SHA256.matcher(lockfileSha256).matches()) {
            throw new IllegalArgumentException("not a lower-case sha256: " + lockfileSha256);
        }
        for (String part : new String[] {arch, repoid}) {
            if (!ELEMENT.matcher(part).matches()) {
                throw new IllegalArgumentException("not usable as a repodata directory name: '" + part + "'");
            }
        }
    }

    /** How a lease and {@code cache ls} name it: {@code repodata/<sha256>/<arch>/<repoid>}. */
    public String leaseKey() {
        return "repodata/" + lockfileSha256 + "/" + arch + "/" + repoid;
    }

    @Override
    public String toString() {
        return leaseKey();
    }
}
