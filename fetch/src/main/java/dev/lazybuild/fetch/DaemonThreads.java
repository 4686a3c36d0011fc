package dev.lazybuild.fetch;

import java.util.concurrent.ThreadFactory;

/**
 * Threads that never keep the JVM alive (a pool of downloads, a reader of a child's output):
 * the command's own end decides when lazybuild exits, and a thread dump names each pool.
 */
public final class DaemonThreads {
    private DaemonThreads() { }

    /** A factory of daemon threads all named {@code name}. */
    public static ThreadFactory named(String name) {
        return task -> create(name, task);
    }

    /** A daemon thread named {@code name} that runs {@code task}, not yet started. */
    public static Thread create(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        return t;
    }
}
