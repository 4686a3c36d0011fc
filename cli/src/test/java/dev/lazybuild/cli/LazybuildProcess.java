package dev.lazybuild.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * lazybuild as its own process, as a user starts it ({@link Main}, podman attached to its
 * stdio), for what an in-process run cannot show: exit on a signal, environment variables,
 * another user. Runs from the test class path, so it needs no packaged jar.
 */
final class LazybuildProcess implements AutoCloseable {
    private final Process process;
    private final Path out;
    private final Path err;

    private LazybuildProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** The java command line that runs lazybuild with {@code args}. */
    static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Starts {@code prefix + java ... Main args} with {@code env} added, output into files under {@code logs}. */
    static LazybuildProcess start(Path logs, Map<String, String> env, List<String> prefix, String... args) throws IOException {
        Files.createDirectories(logs);
        Path out = Files.createTempFile(logs, "stdout", ".log");
        Path err = Files.createTempFile(logs, "stderr", ".log");
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(command(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().putAll(env);
        return new LazybuildProcess(pb.start(), out, err);
    }

    /** Starts {@code command} as given (which runs lazybuild itself, e.g. through script(1)). */
    static LazybuildProcess startRaw(Path logs, Map<String, String> env, List<String> command) throws IOException {
        Files.createDirectories(logs);
        Path out = Files.createTempFile(logs, "stdout", ".log");
        Path err = Files.createTempFile(logs, "stderr", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().putAll(env);
        return new LazybuildProcess(pb.start(), out, err);
    }

    static LazybuildProcess start(Path logs, Map<String, String> env, String... args) throws IOException {
        return start(logs, env, List.of(), args);
    }

    Process process() {
        return process;
    }

    String out() {
        return read(out);
    }

    String err() {
        return read(err);
    }

    /** Waits until stdout or stderr contains {@code text}; false on timeout or exit. */
    boolean awaitOutput(String text, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (out().contains(text) || err().contains(text)) {
                return true;
            }
            if (!process.isAlive()) {
                return out().contains(text) || err().contains(text);
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** Sends a signal by name (INT, TERM, KILL) with kill(1), as a shell or a service manager does. */
    void signal(String name) throws IOException, InterruptedException {
        signal(process.pid(), name);
    }

    static void signal(long pid, String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-s", name, Long.toString(pid)).inheritIO().start().waitFor();
    }

    int waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("lazybuild did not exit within " + seconds + " s\n" + this);
        }
        return process.exitValue();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public String toString() {
        return "--- stdout\n" + out() + "\n--- stderr\n" + err();
    }

    /** Kills what is left of the process tree, for tests that failed half way. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
