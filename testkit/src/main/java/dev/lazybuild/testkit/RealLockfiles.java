package dev.lazybuild.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real lockfiles under {@code testdata/real-lockfiles/} (copied unchanged from public
 * projects, see the SOURCE.md next to them), found from whichever module's directory the
 * tests run in.
 */
public final class RealLockfiles {
    private RealLockfiles() { }

    /** {@code testdata/real-lockfiles/notebooks}: opendatahub-io/notebooks' lockfiles. */
    public static Path notebooks() {
        return dir().resolve("notebooks");
    }

    public static Path notebooks(String fileName) {
        return notebooks().resolve(fileName);
    }

    private static Path dir() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("testdata/real-lockfiles");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("testdata/real-lockfiles not found above " + Path.of("").toAbsolutePath());
    }
}
