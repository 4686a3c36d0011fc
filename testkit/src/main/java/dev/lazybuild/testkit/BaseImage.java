package dev.lazybuild.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The Debian image every end-to-end Dockerfile starts FROM: python3-pip and venv, npm, dnf
 * and rpm. Made once by {@code .ci/base-image.sh} (debootstrap + podman import) and kept.
 */
public final class BaseImage {
    public static final String NAME = "localhost/lazybuild-test-base:bookworm";
    private static volatile boolean ready;

    private BaseImage() { }

    public static synchronized void ensure() {
        if (ready) {
            return;
        }
        Path script = Repo.root().resolve(".ci/base-image.sh");
        try {
            Process p = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of(System.getProperty("java.io.tmpdir"),
                            "lazybuild-base-image.log").toFile()))
                    .start();
            if (!p.waitFor(20, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("building the test base image failed; see "
                        + System.getProperty("java.io.tmpdir") + "/lazybuild-base-image.log");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        ready = true;
    }

    /** The checkout's root: the nearest directory upwards with a .ci folder. */
    public static final class Repo {
        private Repo() { }

        public static Path root() {
            for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
                if (Files.isDirectory(p.resolve(".ci"))) {
                    return p;
                }
            }
            throw new IllegalStateException("no .ci directory above " + Path.of("").toAbsolutePath());
        }
    }
}
