package dev.lazybuild.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdvisoryLocksTest {
    @TempDir
    Path work;

    /**
     * This process holds X and waits for Y; another holds Y and waits for X until we let X go.
     * With blocking fcntl locks the kernel would call that a deadlock (EDEADLK) although it
     * resolves itself; waiting by polling must simply wait.
     */
    @Test
    void crosswiseWaitsBetweenProcessesWaitInsteadOfFailingWithEdeadlk() throws Exception {
        Path x = work.resolve("x.lock");
        Path y = work.resolve("y.lock");
        try (FileChannel chX = FileChannel.open(x, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileChannel chY = FileChannel.open(y, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock heldX = AdvisoryLocks.acquire(chX, false);
            Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), y.toString(), x.toString())
                    .redirectErrorStream(true).start();
            try {
                BufferedReader lines = new BufferedReader(new InputStreamReader(other.getInputStream()));
                assertThat(lines.readLine()).isEqualTo("holding");
                CompletableFuture<FileLock> waitForY = CompletableFuture.supplyAsync(() -> {
                    try {
                        return AdvisoryLocks.acquire(chY, false);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                Thread.sleep(500);
                assertThat(waitForY).as("Y is still held by the other process").isNotDone();

                heldX.release();

                FileLock gotY = waitForY.get(20, TimeUnit.SECONDS);
                assertThat(gotY.isValid()).isTrue();
                assertThat(lines.readLine()).isEqualTo("got both");
                assertThat(other.waitFor(10, TimeUnit.SECONDS)).isTrue();
                assertThat(other.exitValue()).isZero();
                gotY.release();
            } finally {
                other.destroyForcibly();
            }
        }
    }
}
