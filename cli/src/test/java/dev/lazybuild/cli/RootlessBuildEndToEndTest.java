package dev.lazybuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.cli.command.ExitCode;
import dev.lazybuild.testkit.Prerequisites;
import dev.lazybuild.testkit.PylockWriter;
import dev.lazybuild.testkit.UpstreamServer;
import dev.lazybuild.testkit.Wheels;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A non-root user building with rootless podman (vfs storage, a user namespace from
 * /etc/subuid), with {@code USER 1001} in the Containerfile reading the mount. The podman
 * pause process (made here by {@code podman import}) already exists when lazybuild mounts,
 * as in a real login session, so the mount must be made inside podman's namespace; and it
 * must work without user_allow_other in /etc/fuse.conf, which is removed for the test.
 */
@Tag("e2e")
class RootlessBuildEndToEndTest {
    private static final String USER = "lazybuild-rootless";
    private static final String IMAGE = "localhost/lazybuild-busybox";
    private static final Path FUSE_CONF = Path.of("/etc/fuse.conf");
    private static final Path FUSE_DEVICE = Path.of("/dev/fuse");

    private UpstreamServer upstream;
    private String originalFuseConf;
    private java.util.Set<java.nio.file.attribute.PosixFilePermission> originalDeviceMode;
    private Path home;
    private Path runtime;
    private Path stage;

    @BeforeEach
    void createUser() throws Exception {
        Prerequisites.requirePodman();
        Prerequisites.requireProgram("useradd");
        Prerequisites.requireProgram("runuser");
        Prerequisites.require("/bin/busybox (busybox-static)", Files.isExecutable(Path.of("/bin/busybox")));
        originalFuseConf = Files.exists(FUSE_CONF) ? Files.readString(FUSE_CONF) : null;
        originalDeviceMode = Files.getPosixFilePermissions(FUSE_DEVICE);
        run(List.of("userdel", "-r", USER), true);
        run(List.of("useradd", "-m", USER), false);
        home = Path.of(run(List.of("sh", "-c", "getent passwd " + USER + " | cut -d: -f6"), false).strip());
        runtime = runtimeDir();
        stage = stageClassPath();
        // Rootless podman here: vfs storage (no fuse-overlayfs), which copies the whole image for
        // every step, so the image is a static busybox (2 MB), imported into the user's store.
        asUser("mkdir -p ~/.config/containers && printf '[storage]\\ndriver = \"vfs\"\\n' > ~/.config/containers/storage.conf");
        Path rootfs = Files.createDirectories(stage.resolve("rootfs/bin"));
        Files.copy(Path.of("/bin/busybox"), rootfs.resolve("busybox"));
        for (String tool : List.of("sh", "id", "cat", "wc", "test", "sleep", "printf")) {
            Files.createSymbolicLink(rootfs.resolve(tool), Path.of("busybox"));
        }
        Files.createDirectories(stage.resolve("rootfs/tmp"));
        run(List.of("chmod", "-R", "a+rX", stage.toString()), false);
        run(List.of("tar", "-C", stage.resolve("rootfs").toString(), "--owner=0", "--group=0", "-cf",
                stage.resolve("rootfs.tar").toString(), "."), false);
        run(List.of("chmod", "a+r", stage.resolve("rootfs.tar").toString()), false);
        asUser("XDG_RUNTIME_DIR=" + runtime + " podman import -q " + stage.resolve("rootfs.tar") + " " + IMAGE);
        upstream = UpstreamServer.start();
    }

    @AfterEach
    void removeUser() throws Exception {
        if (upstream != null) {
            upstream.close();
        }
        if (originalFuseConf != null) {
            Files.writeString(FUSE_CONF, originalFuseConf);
        }
        if (originalDeviceMode != null) {
            Files.setPosixFilePermissions(FUSE_DEVICE, originalDeviceMode);
        }
        if (home != null) {
            // Only this test's user's processes (podman's rootless pause process among them).
            run(List.of("sh", "-c", "for pid in $(ps -o pid= -u " + USER + "); do kill $pid; done;"
                    + " for i in $(seq 100); do ps -u " + USER + " > /dev/null || break; sleep 0.1; done"), true);
            run(List.of("userdel", "-r", USER), true);
        }
        if (runtime != null) {
            run(List.of("rm", "-rf", runtime.toString()), true);
        }
        if (stage != null) {
            run(List.of("rm", "-rf", stage.toString()), true);
        }
    }

    @Test
    void rootlessBuildWithUser1001ReadsTheMountAndAnUnusableFuseDeviceIsExplained() throws Exception {
        byte[] wheel = Wheels.build("lazydemo", "1.0", "read by uid 1001", List.of());
        URI url = upstream.put("/" + Wheels.fileName("lazydemo", "1.0"), wheel);
        Path context = home.resolve("context");
        asUser("mkdir -p " + context);
        Files.writeString(context.resolve("pylock.toml"), new PylockWriter()
                .wheel("lazydemo", "1.0", url, wheel.length, UpstreamServer.sha256(wheel)).toToml());
        Files.writeString(context.resolve("Containerfile"), "FROM " + IMAGE + "\n"
                + "USER 1001\n"
                + "RUN id -u && . /cachi2/cachi2.env && test \"$PIP_NO_INDEX\" = true"
                + " && echo \"read: $(cat $PIP_FIND_LINKS/" + Wheels.fileName("lazydemo", "1.0") + " | wc -c) bytes\""
                + " && stat -c 'names: %h' $PIP_FIND_LINKS/" + Wheels.fileName("lazydemo", "1.0") + "\n");
        run(List.of("chown", "-R", USER + ":", context.toString()), false);
        String build = "build --runtime runc --network=none " + context;

        // Mode 0600 as in this sandbox (most hosts: 0666): refused before mounting, with the fix.
        Files.setPosixFilePermissions(FUSE_DEVICE, PosixFilePermissions.fromString("rw-------"));
        Result refused = lazybuild(build);
        assertThat(refused.status()).as(refused.output()).isEqualTo(ExitCode.PREREQUISITE.code());
        assertThat(refused.output()).contains("lazybuild: error: /dev/fuse is not readable and writable by this user:"
                + " make it mode 0666 as root (chmod 0666 /dev/fuse;");
        assertThat(upstream.requests()).isEmpty();

        // No user_allow_other needed: lazybuild mounts inside podman's user namespace.
        Files.setPosixFilePermissions(FUSE_DEVICE, PosixFilePermissions.fromString("rw-rw-rw-"));
        Files.writeString(FUSE_CONF, withoutUserAllowOther(originalFuseConf));
        long started = System.nanoTime();
        Result built = lazybuild(build);
        System.out.println("rootless build took " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms");
        assertThat(built.status()).as(built.output()).isZero();
        assertThat(built.output()).contains("read: " + wheel.length + " bytes").containsPattern("(?m)^1001$")
                .contains("lazybuild: files: 1 opened, 1 downloaded");
        assertThat(upstream.gets(url.getPath())).isEqualTo(1);
        assertThat(built.output()).as("downloaded through FUSE").contains("names: 1");
        assertThat(Files.exists(runtime.resolve("lazybuild")) ? Files.list(runtime.resolve("lazybuild")).toList()
                : List.of()).as("the user's runtime directory is cleaned").isEmpty();

        // Again, now cached: the overlay of hard links works in podman's user namespace too, and uid 1001 reads the link.
        Result warm = lazybuild(build.replace("build ", "build --no-cache "));
        assertThat(warm.status()).as(warm.output()).isZero();
        assertThat(warm.output()).contains("read: " + wheel.length + " bytes").contains("names: 2")
                .contains("lazybuild: files: 1 opened, 0 downloaded").contains("1 from the cache");
        assertThat(upstream.gets(url.getPath())).isEqualTo(1);
        assertThat(run(List.of("find", home.toString(), "-path", "*/lazybuild/links/*"), true).strip())
                .as("no link layer is left").isEmpty();
    }

    @Test
    void sigintToARootlessBuildStopsItAndLeavesNoMountInPodmansNamespace() throws Exception {
        Path context = home.resolve("context");
        asUser("mkdir -p " + context);
        Files.writeString(context.resolve("pylock.toml"), new PylockWriter()
                .wheel("demo", "1.0", upstream.url("/demo-1.0-py3-none-any.whl"), 10, "ab".repeat(32)).toToml());
        // printf, so that the line it prints ("run-step-started") is not in podman's STEP line.
        Files.writeString(context.resolve("Containerfile"), "FROM " + IMAGE + "\nRUN printf 'run-step-%s\\n' started && sleep 60\n");
        run(List.of("chown", "-R", USER + ":", context.toString()), false);
        Files.setPosixFilePermissions(FUSE_DEVICE, PosixFilePermissions.fromString("rw-rw-rw-"));

        Process runuser = startLazybuild("build --runtime runc --network=none " + context);
        StringBuffer out = new StringBuffer();
        Thread reader = new Thread(() -> {
            try (java.io.BufferedReader lines = runuser.inputReader()) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    out.append(line).append('\n');
                }
            } catch (java.io.IOException e) {
                // the process ended
            }
        });
        reader.start();
        // The user's own lazybuild (the first java under runuser), as a shell's kill would target it.
        ProcessHandle lazybuild = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && (lazybuild == null || !out.toString().contains("\nrun-step-started\n"))) {
            lazybuild = runuser.toHandle().descendants().filter(h -> h.info().command().orElse("").endsWith("/java"))
                    .findFirst().orElse(null);
            Thread.sleep(200);
        }
        assertThat(lazybuild).isNotNull();
        assertThat(out.toString()).as("the build is in the RUN step").contains("\nrun-step-started\n");
        assertThat(lazybuildMounts()).as("the tree is mounted in podman's namespace").isNotEmpty();
        LazybuildProcess.signal(lazybuild.pid(), "INT");

        assertThat(runuser.waitFor(60, TimeUnit.SECONDS)).as("lazybuild exits after SIGINT").isTrue();
        reader.join(10_000);
        System.out.println("rootless SIGINT: exit " + runuser.exitValue() + "\n" + out);
        assertThat(runuser.exitValue()).as(out.toString()).isEqualTo(130);
        assertThat(lazybuildMounts()).as("no mount left in podman's namespace").isEmpty();
    }

    /**
     * The lines of {@link #userMounts()} that are lazybuild's: its FUSE tree (fsname and subtype
     * lazybuild) and anything under the user's runtime directory for it; not other mounts whose
     * path merely says lazybuild (the tests' podman 5 chroot under /var/lib/lazybuild-ci).
     */
    private List<String> lazybuildMounts() throws Exception {
        String ours = runtime + "/lazybuild";
        return userMounts().lines().filter(l -> l.contains(" fuse.lazybuild ") || l.contains(ours)).toList();
    }

    /** /proc/self/mountinfo as seen inside the user's rootless podman namespace. */
    private String userMounts() throws Exception {
        return run(List.of("runuser", "-u", USER, "--", "env", "HOME=" + home, "XDG_RUNTIME_DIR=" + runtime,
                "sh", "-c", "cd && podman unshare cat /proc/self/mountinfo"), true);
    }

    private record Result(int status, String output) { }

    /** lazybuild as the user, from the staged class path, with a login-like environment. */
    private Result lazybuild(String args) throws Exception {
        Process p = startLazybuild(args);
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    private Process startLazybuild(String args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("runuser", "-u", USER, "--", "env", "-i", "HOME=" + home,
                "USER=" + USER, "PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin", "XDG_RUNTIME_DIR=" + runtime,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:-UsePerfData", "-cp", stage + "/*:" + stage + "/classes",
                Main.class.getName()));
        cmd.addAll(List.of(args.split(" ")));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).directory(home.toFile()).start();
        p.getOutputStream().close();
        return p;
    }

    private Path runtimeDir() throws Exception {
        Path dir = Path.of("/run/user", run(List.of("id", "-u", USER), false).strip());
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            run(List.of("chown", USER + ":", dir.toString()), false);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
        return dir;
    }

    /** The test class path, copied where the user can read it (jars flat, class directories merged). */
    private static Path stageClassPath() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "lazybuild-rootless-cp");
        Path classes = Files.createDirectories(dir.resolve("classes"));
        for (String entry : System.getProperty("java.class.path").split(":")) {
            Path p = Path.of(entry);
            if (Files.isRegularFile(p)) {
                Files.copy(p, dir.resolve(p.getFileName()));
            } else if (Files.isDirectory(p)) {
                try (Stream<Path> files = Files.walk(p)) {
                    for (Path f : files.filter(Files::isRegularFile).toList()) {
                        Path target = classes.resolve(p.relativize(f).toString());
                        Files.createDirectories(target.getParent());
                        if (!Files.exists(target)) {
                            Files.copy(f, target);
                        }
                    }
                }
            }
        }
        run(List.of("chmod", "-R", "a+rX", dir.toString()), false);
        return dir;
    }

    private static String withoutUserAllowOther(String conf) {
        return conf == null ? "" : conf.lines().filter(l -> !l.strip().equals("user_allow_other"))
                .map(l -> l + "\n").reduce("", String::concat);
    }

    private void asUser(String script) throws Exception {
        run(List.of("runuser", "-u", USER, "--", "env", "HOME=" + home, "sh", "-c", "cd && " + script), false);
    }

    private static String run(List<String> cmd, boolean mayFail) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(300, TimeUnit.SECONDS) || (!mayFail && p.exitValue() != 0)) {
            throw new AssertionError(String.join(" ", cmd) + " failed:\n" + out);
        }
        return out;
    }

}
