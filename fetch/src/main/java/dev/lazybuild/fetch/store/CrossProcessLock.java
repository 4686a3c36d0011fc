package dev.lazybuild.fetch.store;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Every lock the store's users share between processes: an advisory lock on a file under
 * {@code locks/} (or a lease file), held until {@link #close()}.
 *
 * <p>It waits by polling {@link FileChannel#tryLock}, never by the blocking
 * {@link FileChannel#lock}. Java's locks are POSIX record locks, owned by the process, not the
 * thread: when two processes each have threads holding one lock and waiting for another's, the
 * kernel sees a cycle between the processes and fails the blocking call with EDEADLK
 * ("Resource deadlock avoided"), although every holder would finish and let go. A
 * non-blocking attempt is never part of that check.
 *
 * <p>For the same reason the JVM refuses a second lock on one file from the same process
 * ({@code OverlappingFileLockException}) rather than making it wait, so the threads of this
 * JVM first meet on one permit per lock file: in one process the lock is always exclusive,
 * which a shared lock allows.
 */
public final class CrossProcessLock implements AutoCloseable {
    private static final long FIRST_WAIT_MILLIS = 5;
    private static final long LONGEST_WAIT_MILLIS = 100;
    private static final Map<Path, Semaphore> IN_JVM = new ConcurrentHashMap<>();

    private final Semaphore permit;
    private final FileChannel channel;
    private final FileLock lock;

    private CrossProcessLock(Semaphore permit, FileChannel channel, FileLock lock) {
        this.permit = permit;
        this.channel = channel;
        this.lock = lock;
    }

    /** Waits for the lock on {@code file} (created when absent); shared lets other processes' shared holders in. */
    public static CrossProcessLock acquire(Path file, boolean shared) throws IOException {
        Semaphore permit = permitOf(file);
        try {
            permit.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the lock " + file);
        }
        FileChannel channel = null;
        try {
            channel = open(file);
            long wait = FIRST_WAIT_MILLIS;
            while (true) {
                FileLock lock = channel.tryLock(0, Long.MAX_VALUE, shared);
                if (lock != null) {
                    return new CrossProcessLock(permit, channel, lock);
                }
                Thread.sleep(wait);
                wait = Math.min(wait * 2, LONGEST_WAIT_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close(channel, permit);
            throw new InterruptedIOException("interrupted while waiting for the lock " + file);
        } catch (IOException | RuntimeException e) {
            close(channel, permit);
            throw e;
        }
    }

    /** The exclusive lock on {@code file} if nobody, in this process or another, holds it now. */
    public static Optional<CrossProcessLock> tryAcquire(Path file) throws IOException {
        Semaphore permit = permitOf(file);
        if (!permit.tryAcquire()) {
            return Optional.empty();
        }
        FileChannel channel = null;
        try {
            channel = open(file);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                close(channel, permit);
                return Optional.empty();
            }
            return Optional.of(new CrossProcessLock(permit, channel, lock));
        } catch (IOException | RuntimeException e) {
            close(channel, permit);
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel releases it too
        }
        close(channel, permit);
    }

    private static Semaphore permitOf(Path file) {
        return IN_JVM.computeIfAbsent(file.toAbsolutePath().normalize(), k -> new Semaphore(1));
    }

    private static FileChannel open(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    private static void close(FileChannel channel, Semaphore permit) {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            // the kernel drops the lock with the descriptor
        } finally {
            permit.release();
        }
    }
}
