package dev.lazybuild.fetch.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrossProcessLockTest {
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
        {
            CrossProcessLock heldX = CrossProcessLock.acquire(x, false);
            Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), y.toString(), x.toString())
                    .redirectErrorStream(true).start();
            try {
                BufferedReader lines = new BufferedReader(new InputStreamReader(other.getInputStream()));
                assertThat(lines.readLine()).isEqualTo("holding");
                CompletableFuture<CrossProcessLock> waitForY = CompletableFuture.supplyAsync(() -> {
                    try {
                        return CrossProcessLock.acquire(y, false);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                Thread.sleep(500);
                assertThat(waitForY).as("Y is still held by the other process").isNotDone();

                heldX.close();

                CrossProcessLock gotY = waitForY.get(20, TimeUnit.SECONDS);
                assertThat(CrossProcessLock.tryAcquire(y)).as("held by this thread").isEmpty();
                assertThat(lines.readLine()).isEqualTo("got both");
                assertThat(other.waitFor(10, TimeUnit.SECONDS)).isTrue();
                assertThat(other.exitValue()).isZero();
                gotY.close();
            } finally {
                other.destroyForcibly();
            }
        }
    }
}
