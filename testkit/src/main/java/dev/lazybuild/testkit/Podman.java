package dev.lazybuild.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs podman for test assertions: what is in an image, removing it afterwards. */
public final class Podman {
    private Podman() { }

    /**
     * The output of {@code sh -c SCRIPT} run inside IMAGE's file system. `podman run` cannot
     * start containers here (runc may not set rlimits in this sandbox, crun fails on the
     * cgroup mode), so the image is mounted and the script runs under chroot; a non-zero
     * exit fails the test.
     */
    public static String runIn(String image, String script) {
        return runIn("podman", Path.of("/"), image, script);
    }

    /** As {@link #runIn(String, String)} with the podman {@code executable}, whose paths are under {@code root} here. */
    static String runIn(String executable, Path root, String image, String script) {
        Result mount = exec(List.of(executable, "image", "mount", image));
        if (mount.status() != 0) {
            throw new AssertionError(executable + " image mount " + image + " failed: " + mount.output());
        }
        try {
            Path inRoot = Path.of(mount.output().strip());
            Result r = exec(List.of("chroot", root.resolve(root.getRoot().relativize(inRoot)).toString(), "sh", "-c", script));
            if (r.status() != 0) {
                throw new AssertionError("'" + script + "' in " + image + " failed (" + r.status() + "): " + r.output());
            }
            return r.output();
        } finally {
            exec(List.of(executable, "image", "unmount", image));
        }
    }

    public static void removeImage(String image) {
        exec(List.of("podman", "rmi", "-f", image));
    }

    /** A finished process: its exit status and its stdout and stderr together. */
    public record Result(int status, String output) { }

    public static Result exec(List<String> command) {
        try {
            Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
