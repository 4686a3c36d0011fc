package dev.lazybuild.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A program a fixture runs to make its files (go, tar, gpg): its output, or a failure that shows it. */
public final class ExternalProgram {
    private ExternalProgram() { }

    /**
     * Runs {@code pb} with no input and returns its standard output (and standard error, when
     * {@code pb} redirects it there); fails with that output when it exits non-zero or outlasts {@code limit}.
     */
    public static String output(ProcessBuilder pb, Duration limit) {
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", pb.command()) + " in " + pb.directory() + " failed:\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
