package dev.lazybuild.fetch;

/** Facts about the machine and the user this process runs as, asked in one place. */
public final class Host {
    private Host() { }

    /**
     * Whether this process runs as root. Inside a rootless podman's user namespace this is true
     * as well (lazybuild runs there as that namespace's root); callers that must tell the two
     * apart also ask whether they run inside it.
     */
    public static boolean runsAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
