package dev.lazybuild.fetch;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Another process for {@link AdvisoryLocksTest}: {@code LockHolder FIRST SECOND} takes the lock
 * on FIRST, prints {@code holding}, waits for SECOND, prints {@code got both} and exits.
 */
public final class LockHolder {
    private LockHolder() { }

    public static void main(String[] args) throws Exception {
        try (FileChannel first = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileChannel second = FileChannel.open(Path.of(args[1]), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock a = AdvisoryLocks.acquire(first, false);
            System.out.println("holding");
            System.out.flush();
            FileLock b = AdvisoryLocks.acquire(second, false);
            System.out.println("got both");
            b.release();
            a.release();
        }
        System.exit(0);
    }
}
