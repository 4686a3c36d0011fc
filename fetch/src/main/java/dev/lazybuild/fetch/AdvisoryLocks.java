package dev.lazybuild.fetch;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;

/**
 * Waits for an advisory lock by polling {@link FileChannel#tryLock}, never by the blocking
 * {@link FileChannel#lock}. Java's locks are POSIX record locks, owned by the process, not
 * the thread: when two processes each have threads holding one digest's lock and waiting for
 * another's, the kernel sees a cycle between the processes and fails the blocking call with
 * EDEADLK ("Resource deadlock avoided"), although every holder would finish and let go.
 * A non-blocking attempt is never part of that check.
 */
final class AdvisoryLocks {
    private static final long FIRST_WAIT_MILLIS = 5;
    private static final long LONGEST_WAIT_MILLIS = 100;

    private AdvisoryLocks() { }

    static FileLock acquire(FileChannel channel, boolean shared) throws IOException {
        long wait = FIRST_WAIT_MILLIS;
        while (true) {
            FileLock lock = channel.tryLock(0, Long.MAX_VALUE, shared);
            if (lock != null) {
                return lock;
            }
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while waiting for a lock in the cache");
            }
            wait = Math.min(wait * 2, LONGEST_WAIT_MILLIS);
        }
    }
}
