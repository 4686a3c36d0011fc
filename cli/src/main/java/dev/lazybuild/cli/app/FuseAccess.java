package dev.lazybuild.cli.app;

import dev.lazybuild.cli.podman.RootlessNamespace;
import dev.lazybuild.fetch.PrerequisiteException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether this user may make lazybuild's FUSE mount, checked before mounting because libfuse's
 * own failure ("fuse: failed to open /dev/fuse: Permission denied", then "Unable to mount FS")
 * does not say what to change. /dev/fuse must be readable and writable by the user: mode 0666
 * is every distribution's default, but some containers and hardened hosts make it 0600.
 * (/etc/fuse.conf's user_allow_other is not needed: see {@link RootlessNamespace}.)
 */
public final class FuseAccess {
    public static final Path DEVICE = Path.of("/dev/fuse");

    private FuseAccess() { }

    /** The problem and its fix, or empty when this user can open the FUSE device. */
    public static Optional<String> deviceProblem(Path device, boolean root) {
        if (!Files.exists(device)) {
            return Optional.of(device + " is missing: load the fuse module (modprobe fuse) or, in a container,"
                    + " pass --device /dev/fuse");
        }
        if (root || Files.isReadable(device) && Files.isWritable(device)) {
            return Optional.empty();
        }
        return Optional.of(device + " is not readable and writable by this user: make it mode 0666 as root"
                + " (chmod 0666 " + device + "; to keep it, a udev rule KERNEL==\"fuse\", MODE=\"0666\")");
    }

    /** Fails the build before mounting when this user cannot open the FUSE device. */
    public static void requireDevice(boolean root) {
        deviceProblem(DEVICE, root).ifPresent(problem -> {
            throw new PrerequisiteException(problem);
        });
    }
}
