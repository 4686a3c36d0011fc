package dev.lazybuild.rpm;

import dev.lazybuild.fetch.LazybuildException;
import dev.lazybuild.fetch.store.ContentStore;
import dev.lazybuild.rpm.header.HeaderSignatures;
import dev.lazybuild.vfs.lockfile.Ecosystem;
import dev.lazybuild.vfs.lockfile.LockedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How a missing repodata entry is made: from the RPMs' headers (the default), or from whole,
 * verified RPMs with createrepo_c ({@code --verified-repodata}); and, for headers, the keys
 * whose header-only signatures they must carry.
 * The keys are gathered on first use, on a repodata miss: a build whose repodata is cached
 * fetches no key file for it.
 */
public final class RepodataPolicy {
    /** Header-only repodata, no keys. */
    public static final RepodataPolicy HEADERS = new RepodataPolicy(false, () -> null);
    /** Today's whole-file path with createrepo_c. */
    public static final RepodataPolicy WHOLE_FILES = new RepodataPolicy(true, () -> null);

    private final boolean wholeFiles;
    private final Supplier<HeaderSignatures> keySource;
    private HeaderSignatures keys;
    private boolean keysRead;

    private RepodataPolicy(boolean wholeFiles, Supplier<HeaderSignatures> keySource) {
        this.wholeFiles = wholeFiles;
        this.keySource = keySource;
    }

    /** Download every RPM and run createrepo_c, trusting nothing but the lockfile. */
    public boolean wholeFiles() {
        return wholeFiles;
    }

    /**
     * The packages' signing keys, or null when none are known (then headers are used unsigned:
     * see the README's trust argument).
     */
    public synchronized HeaderSignatures keys() {
        if (!keysRead) {
            keys = keySource.get();
            keysRead = true;
        }
        return keys;
    }

    /** Names of generic artifacts that are signing keys, as projects lock their vendor's key. */
    private static final String KEY_FILE_PREFIX = "RPM-GPG-KEY-";

    /**
     * The policy for a build: keys are the generic artifacts named {@code RPM-GPG-KEY-*} among
     * {@code inputs} (fetched through {@code store}, so checked against their lockfile) and the
     * files of the user's config.
     *
     * @param verifiedRepodata {@code --verified-repodata} or the config key
     * @param configuredKeys armoured key files the user's config names (never the context's)
     */
    public static RepodataPolicy of(boolean verifiedRepodata, List<LockedFile> inputs, List<Path> configuredKeys,
            ContentStore store) {
        if (verifiedRepodata) {
            return WHOLE_FILES;
        }
        return new RepodataPolicy(false, () -> {
            Map<String, byte[]> keyFiles = new LinkedHashMap<>();
            for (LockedFile f : inputs) {
                if (f.ecosystem() == Ecosystem.GENERIC && f.remote().name().startsWith(KEY_FILE_PREFIX)) {
                    keyFiles.put(f.remote().name(), read(store.fetch(f.remote())));
                }
            }
            for (Path p : configuredKeys) {
                keyFiles.put(p.toString(), read(p));
            }
            return keyFiles.isEmpty() ? null : HeaderSignatures.fromArmoredKeys(keyFiles);
        });
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new LazybuildException(LazybuildException.Kind.CONFIG, "cannot read the RPM signing key " + file + ": "
                    + e.getMessage(), e);
        }
    }
}
