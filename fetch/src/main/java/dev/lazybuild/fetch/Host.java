package dev.lazybuild.fetch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Facts about the machine and the user this process runs as, asked in one place. */
public final class Host {
    /** The uid this process runs as: {@code /proc/self} belongs to it. */
    private static final int UID = readUid();

    private Host() { }

    /** The uid this process runs as (inside a user namespace, the uid there), to check who owns a file. */
    public static int uid() {
        return UID;
    }

    private static int readUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot tell which user this process runs as (/proc/self)", e);
        }
    }

    /**
     * Whether this process runs as root. Inside a rootless podman's user namespace this is true
     * as well (lazybuild runs there as that namespace's root); callers that must tell the two
     * apart also ask whether they run inside it.
     */
    public static boolean runsAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
