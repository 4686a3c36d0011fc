package dev.lazybuild.cli.command;

import dev.lazybuild.cli.app.RuntimeDir;
import dev.lazybuild.cli.podman.Platforms;
import dev.lazybuild.cli.podman.PodmanProcess;
import dev.lazybuild.cli.terminal.ByteSize;
import dev.lazybuild.vfs.fuse.FuseDevice;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What {@code lazybuild doctor} checks on this machine, each with the fix for Debian/Ubuntu
 * and Fedora/RHEL. Programs are looked up on the given environment's PATH (not the JVM's),
 * so a test can show doctor a machine without one of them.
 */
final class HostChecks {
    /** Below this, a build that downloads a large wheel or RPM set may fill the disk. */
    static final long LOW_FREE_SPACE = 2L << 30;
    private static final List<Path> LIBFUSE2 = List.of(
            Path.of("/lib/x86_64-linux-gnu/libfuse.so.2"), Path.of("/usr/lib/x86_64-linux-gnu/libfuse.so.2"),
            Path.of("/lib/aarch64-linux-gnu/libfuse.so.2"), Path.of("/usr/lib/aarch64-linux-gnu/libfuse.so.2"),
            Path.of("/usr/lib64/libfuse.so.2"), Path.of("/lib64/libfuse.so.2"), Path.of("/usr/lib/libfuse.so.2"));

    private final Map<String, String> env;
    private final Path cacheDir;
    private final RuntimeDir runtimeDir;
    private final boolean root;
    private final Path fuseDevice;

    HostChecks(Map<String, String> env, Path cacheDir, RuntimeDir runtimeDir, boolean root) {
        this(env, cacheDir, runtimeDir, root, FuseDevice.DEVICE);
    }

    HostChecks(Map<String, String> env, Path cacheDir, RuntimeDir runtimeDir, boolean root, Path fuseDevice) {
        this.fuseDevice = fuseDevice;
        this.env = env;
        this.cacheDir = cacheDir;
        this.runtimeDir = runtimeDir;
        this.root = root;
    }

    /**
     * The same lookup builds use (LAZYBUILD_CREATEREPO, else PATH), so doctor and build agree.
     * Repodata is written from the RPMs' headers by default; only --verified-repodata (or
     * {@code verified-repodata = true}) runs createrepo_c, so without it a missing one is a warning.
     */
    private Check createrepo(boolean required) {
        try {
            dev.lazybuild.rpm.RpmRepositories.requireCreaterepo(env);
            return Check.ok("createrepo_c", env.getOrDefault("LAZYBUILD_CREATEREPO", "on PATH"));
        } catch (dev.lazybuild.fetch.PrerequisiteException e) {
            return required
                    ? Check.problem("createrepo_c", "not usable (verified-repodata = true needs it)", e.getMessage())
                    : Check.warning("createrepo_c", "not usable (optional: only --verified-repodata needs it; repodata is "
                            + "written from the RPMs' headers by default)", e.getMessage());
        }
    }

    /**
     * Where FUSE cannot work (podman machine, a locked-down CI runner), the way that still
     * uses lazybuild's cache and verification: the tree as plain files, mounted as Konflux
     * mounts Hermeto's output (README.md, "Without FUSE").
     */
    private static Check withoutFuse() {
        String arch = Platforms.rpmArch(Optional.empty(), Optional.empty());
        return Check.warning("without FUSE", "run 'lazybuild prefetch --output DIR CONTEXT', then build from DIR",
                "podman build --network=none --volume DIR:/cachi2:ro --volume DIR/output/deps/rpm/" + arch
                        + "/repos.d:/etc/yum.repos.d:ro -f CONTAINERFILE CONTEXT");
    }

    List<Check> run() {
        return run(false);
    }

    /** @param verifiedRepodata whether the configuration asks for createrepo_c's repodata on every build */
    List<Check> run(boolean verifiedRepodata) {
        List<Check> checks = new ArrayList<>();
        Optional<Path> podman = program(PodmanProcess.executable(env));
        checks.add(podman.map(p -> Check.ok("podman", p.toString()))
                .orElse(Check.problem("podman", "not found on PATH",
                        "install it: apt-get install podman runc (Debian/Ubuntu) or dnf install podman runc (Fedora/RHEL)")));
        podman.ifPresent(p -> checks.add(ociRuntime(p)));
        Optional<String> fuseProblem = FuseDevice.deviceProblem(fuseDevice, root);
        checks.add(fuseProblem
                .map(problem -> Check.problem("/dev/fuse", "not usable by this user", problem))
                .orElse(Check.ok("/dev/fuse", "present" + (root ? "" : ", readable and writable"))));
        if (fuseProblem.isPresent()) {
            checks.add(withoutFuse());
        }
        checks.add(program("fusermount").map(p -> Check.ok("fusermount", p.toString()))
                .orElse(Check.problem("fusermount", "not found on PATH",
                        "apt-get install fuse3 (Debian/Ubuntu) or dnf install fuse (Fedora/RHEL)")));
        checks.add(LIBFUSE2.stream().filter(Files::exists).findFirst()
                .map(p -> Check.ok("libfuse.so.2", p.toString()))
                .orElse(Check.problem("libfuse.so.2", "not found",
                        "apt-get install libfuse2 (Debian/Ubuntu) or dnf install fuse-libs (Fedora/RHEL)")));
        checks.add(createrepo(verifiedRepodata));
        checks.add(writableDirectory("cache directory", cacheDir,
                "make it writable by this user, or choose another with --cache-dir or LAZYBUILD_CACHE_DIR"));
        checks.add(freeSpace(cacheDir));
        checks.add(writableDirectory("runtime directory", runtimeDir.base(),
                "make it writable by this user, or set LAZYBUILD_RUNTIME_DIR (or XDG_RUNTIME_DIR) to a writable directory"));
        return checks;
    }

    /**
     * crun cannot run containers on a cgroups v1 (hybrid) host ("cgroups in hybrid mode not
     * supported"), and it is podman's default on many distributions; runc can.
     */
    private Check ociRuntime(Path podman) {
        Optional<String> info = output(List.of(podman.toString(), "info", "--format",
                "{{.Host.OCIRuntime.Name}} {{.Host.CgroupsVersion}}"));
        if (info.isEmpty()) {
            return Check.problem("podman runtime", "'podman info' failed",
                    "run 'podman info' to see why (storage or configuration error)");
        }
        String[] f = info.get().strip().split("\\s+");
        String runtime = f[0];
        String cgroups = f.length > 1 ? f[1] : "?";
        if (runtime.equals("crun") && cgroups.equals("v1")) {
            return Check.problem("podman runtime", "crun on cgroups v1, which crun does not support",
                    "install runc and pass --runtime runc to lazybuild build, or set runtime = \"runc\""
                            + " under [engine] in /etc/containers/containers.conf");
        }
        return Check.ok("podman runtime", runtime + " (cgroups " + cgroups + ")");
    }

    private static Check writableDirectory(String name, Path dir, String fix) {
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
            return Check.problem(name, dir + " is not writable" + (existing != null && !existing.equals(dir.toAbsolutePath())
                    ? " (nor can it be created in " + existing + ")" : ""), fix);
        }
        return Check.ok(name, dir + (Files.exists(dir) ? "" : " (created on first use)"));
    }

    private static Check freeSpace(Path dir) {
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            FileStore store = Files.getFileStore(existing);
            long free = store.getUsableSpace();
            String found = ByteSize.format(free) + " free for the cache";
            return free < LOW_FREE_SPACE ? Check.warning("free space", found,
                    "free some space, run 'lazybuild cache gc', or move the cache with --cache-dir")
                    : Check.ok("free space", found);
        } catch (IOException | RuntimeException e) {
            return Check.warning("free space", "unknown (" + e.getMessage() + ")", "check the cache directory's file system");
        }
    }

    /** The first executable named {@code program} on this environment's PATH (or the path itself if it has a slash). */
    Optional<Path> program(String program) {
        if (program.contains("/")) {
            Path p = Path.of(program);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, program);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> output(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return p.exitValue() == 0 ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
