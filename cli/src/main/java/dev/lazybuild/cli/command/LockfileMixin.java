package dev.lazybuild.cli.command;

import dev.lazybuild.cli.config.Config;
import dev.lazybuild.vfs.lockfile.DigestPolicy;
import dev.lazybuild.vfs.lockfile.Lockfiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --lockfile}: lockfiles beyond those found at the build context's root; {@code --strict-digests}: how they are held. */
final class LockfileMixin {
    @Option(names = "--lockfile", paramLabel = "FILE",
            description = "A lockfile to use besides those found in the context (pylock.toml, pylock.*.toml, package-lock.json, artifacts.lock.yaml, rpms.lock.yaml); repeatable. Its name tells its kind: <name>.pylock.toml, <name>.package-lock.json, <name>.artifacts.lock.yaml, <name>.rpms.lock.yaml, or requirements*.txt (hash-locked; resolved through its index, never taken from the context alone). A go.mod (with its go.sum beside it) is used only when named here; GOPROXY says where its modules come from.")
    List<Path> lockfiles = new ArrayList<>();

    @Option(names = "--strict-digests",
            description = "Refuse lockfile entries locked only by md5 or sha1 (default: accept them with a warning;"
                    + " also strict-digests = true in a config file, or LAZYBUILD_STRICT_DIGESTS=true).")
    boolean strictDigests;

    /** What this command line and {@code config} make of weak digests: on when either asks. */
    DigestPolicy digestPolicy(Config config) {
        return strictDigests || config.strictDigests() ? DigestPolicy.STRONG_ONLY : DigestPolicy.WARN_WEAK;
    }

    /** The context's lockfiles, then the named ones, each once. */
    List<Path> resolve(Path context) {
        LinkedHashSet<Path> all = new LinkedHashSet<>();
        Lockfiles.discover(context).forEach(p -> all.add(p.toAbsolutePath().normalize()));
        lockfiles.forEach(p -> all.add(p.toAbsolutePath().normalize()));
        return List.copyOf(all);
    }
}
