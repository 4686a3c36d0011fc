package dev.lazybuild.cli.command;

import dev.lazybuild.vfs.lockfile.Lockfiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --lockfile}: lockfiles beyond those found at the build context's root. */
final class LockfileMixin {
    @Option(names = "--lockfile", paramLabel = "FILE",
            description = "A lockfile to use besides those found in the context (pylock.toml, pylock.*.toml, package-lock.json, artifacts.lock.yaml, rpms.lock.yaml); repeatable. Its name tells its kind: <name>.pylock.toml, <name>.package-lock.json, <name>.artifacts.lock.yaml, <name>.rpms.lock.yaml.")
    List<Path> lockfiles = new ArrayList<>();

    /** The context's lockfiles, then the named ones, each once. */
    List<Path> resolve(Path context) {
        LinkedHashSet<Path> all = new LinkedHashSet<>();
        Lockfiles.discover(context).forEach(p -> all.add(p.toAbsolutePath().normalize()));
        lockfiles.forEach(p -> all.add(p.toAbsolutePath().normalize()));
        return List.copyOf(all);
    }
}
