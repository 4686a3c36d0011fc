package dev.lazybuild.cli;

import dev.lazybuild.fetch.PrerequisiteException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * /etc/fuse.conf as it concerns lazybuild. The mount needs {@code allow_other}, because with
 * rootless podman the RUN steps run in a user namespace (and a Dockerfile's {@code USER 1001}
 * is another user again), and the kernel shows a FUSE mount only to its owner otherwise.
 * libfuse lets a non-root user ask for allow_other only when fuse.conf says
 * {@code user_allow_other}; checking first gives a precise fix instead of a failed mount.
 */
final class FuseConf {
    static final Path DEFAULT = Path.of("/etc/fuse.conf");

    private FuseConf() { }

    /** The problem and its fix, or empty when this user may mount with allow_other. */
    static Optional<String> allowOtherProblem(Path conf, boolean root) {
        if (root) {
            return Optional.empty();
        }
        try {
            for (String line : Files.readAllLines(conf)) {
                if (line.strip().equals("user_allow_other")) {
                    return Optional.empty();
                }
            }
            return Optional.of(conf + " lacks the line 'user_allow_other', which a non-root user needs so that the"
                    + " build's user namespace can read the mount: add it as root, e.g."
                    + " echo user_allow_other | sudo tee -a " + conf);
        } catch (IOException e) {
            return Optional.of("cannot read " + conf + " (" + e.getMessage() + "): create it as root with the line"
                    + " 'user_allow_other', e.g. echo user_allow_other | sudo tee -a " + conf);
        }
    }

    /** Fails the build before mounting when the mount could not be shared with the build. */
    static void requireAllowOther(Path conf, boolean root) {
        allowOtherProblem(conf, root).ifPresent(problem -> {
            throw new PrerequisiteException(problem);
        });
    }

    static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
