package dev.lazybuild.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine. On a developer machine a missing prerequisite skips
 * the test with the reason; with CI=true it fails it, because .ci/run installs every
 * prerequisite and its absence is a broken CI set-up, not a reason to test less.
 */
public final class Prerequisites {
    private Prerequisites() { }

    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Requires a program on PATH. */
    public static void requireProgram(String program) {
        require(program + " on PATH", onPath(program));
    }

    public static void requireFuse() {
        require("/dev/fuse", Files.exists(Path.of("/dev/fuse")));
        require("libfuse.so.2 (libfuse2)", Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libfuse.so.2"))
                || Files.exists(Path.of("/lib/x86_64-linux-gnu/libfuse.so.2")) || Files.exists(Path.of("/usr/lib64/libfuse.so.2"))
                || Files.exists(Path.of("/usr/lib/aarch64-linux-gnu/libfuse.so.2")));
        requireProgram("fusermount");
    }

    public static void requireRoot() {
        require("root (uid 0)", "root".equals(System.getProperty("user.name")));
    }

    /** podman, runc and the test base image (built on first use by .ci/base-image.sh). */
    public static void requirePodman() {
        requireRoot();
        requireFuse();
        requireProgram("podman");
        requireProgram("runc");
        BaseImage.ensure();
    }

    public static void require(String what, boolean present) {
        if (inCi()) {
            Assertions.assertTrue(present, "CI=true and " + what + " is missing: .ci/run must install it");
        } else {
            Assumptions.assumeTrue(present, what + " is missing");
        }
    }

    public static boolean onPath(String program) {
        try {
            Process p = new ProcessBuilder("sh", "-c", "command -v " + program).redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
