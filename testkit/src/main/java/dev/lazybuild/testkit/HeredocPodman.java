package dev.lazybuild.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A podman that parses {@code RUN <<EOF} heredocs, as every notebooks {@code Dockerfile.konflux.*}
 * needs: buildah 1.33, podman 4.8 or later. The host's podman when it is that new (Fedora, a
 * current RHEL); on a Debian 12 host (podman 4.3.1) the podman 5 of the Debian trixie chroot that
 * {@code .ci/podman5-chroot.sh} sets up, which lazybuild on the host drives through a wrapper
 * script (LAZYBUILD_PODMAN) and a runtime directory the chroot sees (LAZYBUILD_RUNTIME_DIR).
 */
public final class HeredocPodman {
    /** The first podman whose buildah (1.33) parses heredocs. */
    private static final List<Integer> MINIMUM = List.of(4, 8);
    private static final Path SCRIPT = BaseImage.Repo.root().resolve(".ci/podman5-chroot.sh");
    private static final Path CHROOT_READY = Path.of("/var/lib/lazybuild-ci/trixie/.lazybuild-ready");
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)(\\.\\d+)?");
    private static final Pattern ENVIRONMENT = Pattern.compile("LAZYBUILD_PODMAN=(\\S+) LAZYBUILD_RUNTIME_DIR=(\\S+)");
    private static HeredocPodman found;

    private final String executable;
    private final Path root;
    private final Map<String, String> environment;

    private HeredocPodman(String executable, Path root, Map<String, String> environment) {
        this.executable = executable;
        this.root = root;
        this.environment = environment;
    }

    /**
     * The podman to build heredoc Containerfiles with, the test base image in its storage. Its
     * absence skips the test on a developer machine (which lacks the chroot until
     * {@code .ci/podman5-chroot.sh} or {@code ./install.sh --test-deps} ran) and fails it with CI=true.
     */
    public static synchronized HeredocPodman require() {
        Prerequisites.requirePodman();
        if (found != null) {
            return found;
        }
        String hostVersion = version("podman");
        if (parsesHeredocs(hostVersion)) {
            found = new HeredocPodman("podman", Path.of("/"), Map.of());
            return found;
        }
        Prerequisites.require("podman >= 4.8 (the host's is " + hostVersion + "): the trixie chroot of "
                + ".ci/podman5-chroot.sh (./install.sh --test-deps sets it up)", Prerequisites.inCi() || Files.exists(CHROOT_READY));
        // Run every time: it restores the mounts a reboot removed and copies the base image when it changed.
        Path log = Path.of(System.getProperty("java.io.tmpdir"), "lazybuild-podman5-chroot.log");
        Podman.Result setUp = setUpChroot(log);
        Matcher env = ENVIRONMENT.matcher(setUp.output());
        Prerequisites.require("podman 5 in the trixie chroot (" + SCRIPT + " exited " + setUp.status() + ", see " + log + ")",
                setUp.status() == 0 && env.find());
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("LAZYBUILD_PODMAN", env.group(1));
        environment.put("LAZYBUILD_RUNTIME_DIR", env.group(2));
        found = new HeredocPodman(env.group(1), Path.of("/var/lib/lazybuild-ci/trixie"), Map.copyOf(environment));
        return found;
    }

    /** What lazybuild's environment needs so that it drives this podman (empty for the host's). */
    public Map<String, String> lazybuildEnvironment() {
        return environment;
    }

    public String version() {
        return version(executable);
    }

    /** As {@link Podman#runIn}, in this podman's storage. */
    public String runIn(String image, String script) {
        return Podman.runIn(executable, root, image, script);
    }

    public void removeImage(String image) {
        Podman.exec(List.of(executable, "rmi", "-f", image));
    }

    /** The version {@code podman --version} prints, e.g. "4.3.1". */
    public static String version(String podman) {
        Podman.Result r = Podman.exec(List.of(podman, "--version"));
        Matcher m = VERSION.matcher(r.output());
        if (r.status() != 0 || !m.find()) {
            throw new AssertionError(podman + " --version failed (" + r.status() + "): " + r.output());
        }
        return m.group();
    }

    /** Whether podman {@code version} (e.g. "4.3.1") is 4.8 or later. */
    public static boolean parsesHeredocs(String version) {
        Matcher m = VERSION.matcher(version);
        if (!m.find()) {
            return false;
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        return major > MINIMUM.get(0) || major == MINIMUM.get(0) && minor >= MINIMUM.get(1);
    }

    /** Runs the chroot's set-up script, its output kept in {@code log}: minutes the first time, seconds afterwards. */
    private static Podman.Result setUpChroot(Path log) {
        try {
            Process p = new ProcessBuilder("bash", SCRIPT.toString(), "--image", BaseImage.NAME).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(30, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return new Podman.Result(-1, "timed out");
            }
            return new Podman.Result(p.exitValue(), Files.readString(log));
        } catch (IOException e) {
            return new Podman.Result(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
