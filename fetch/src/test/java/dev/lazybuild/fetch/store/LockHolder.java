package dev.lazybuild.fetch.store;

import java.nio.file.Path;

/**
 * Another process for {@link CrossProcessLockTest}: {@code LockHolder FIRST SECOND} takes the lock
 * on FIRST, prints {@code holding}, waits for SECOND, prints {@code got both} and exits.
 */
public final class LockHolder {
    private LockHolder() { }

    public static void main(String[] args) throws Exception {
        try (CrossProcessLock a = CrossProcessLock.acquire(Path.of(args[0]), false)) {
            System.out.println("holding");
            System.out.flush();
            try (CrossProcessLock b = CrossProcessLock.acquire(Path.of(args[1]), false)) {
                System.out.println("got both");
            }
        }
        System.exit(0);
    }
}
