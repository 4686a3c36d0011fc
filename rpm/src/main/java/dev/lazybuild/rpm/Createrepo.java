package dev.lazybuild.rpm;

import dev.lazybuild.fetch.LazybuildException;
import dev.lazybuild.fetch.PrerequisiteException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The createrepo_c and modifyrepo_c programs, run as Hermeto runs them. Their paths come from
 * {@code LAZYBUILD_CREATEREPO} and {@code LAZYBUILD_MODIFYREPO} when set (a build host with
 * them outside PATH; tests that simulate a missing program), else from PATH.
 */
final class Createrepo {
    private static final String INSTALL_HINT = "install it with 'apt-get install createrepo-c' (Debian, Ubuntu) "
            + "or 'dnf install createrepo_c' (Fedora, RHEL), or set LAZYBUILD_CREATEREPO to its path";

    private final String createrepo;
    private final String modifyrepo;

    Createrepo(Map<String, String> env) {
        this.createrepo = env.getOrDefault("LAZYBUILD_CREATEREPO", "createrepo_c");
        this.modifyrepo = env.getOrDefault("LAZYBUILD_MODIFYREPO", "modifyrepo_c");
    }

    /** Fails before anything is downloaded when the program cannot run. */
    void requireInstalled(String why) {
        try {
            run(List.of(createrepo, "--version"));
        } catch (IOException e) {
            throw new PrerequisiteException(createrepo + " cannot be run (" + e.getMessage() + "), and it is needed to "
                    + why + ": " + INSTALL_HINT);
        }
    }

    /**
     * Writes {@code dir/repodata/} for the RPMs in {@code dir}; Hermeto's options, so dnf sees
     * the same metadata as after a Hermeto prefetch. Symlinks are followed (the default), and
     * location hrefs are the names in {@code dir}.
     */
    void createrepo(Path dir) {
        runOrFail(List.of(createrepo, "--general-compress-type", "gz", "--quiet", dir.toString()), "createrepo_c");
    }

    /** Adds a modules.yaml to the repodata, so that {@code dnf module enable} finds the streams. */
    void addModules(Path modulesYaml, Path repodata) {
        runOrFail(List.of(modifyrepo, "--mdtype=modules", "--compress-type=gz", modulesYaml.toString(),
                repodata.toString()), "modifyrepo_c");
    }

    private void runOrFail(List<String> command, String name) {
        try {
            String output = run(command);
            if (output != null) {
                // The RPMs were verified against the lockfile, so a failure here is the tool's.
                throw new PrerequisiteException(name + " failed: " + String.join(" ", command) + ": " + output.strip()
                        + " (check the installation with '" + command.get(0) + " --version')");
            }
        } catch (IOException e) {
            throw new PrerequisiteException(command.get(0) + " cannot be run (" + e.getMessage() + "): " + INSTALL_HINT, e);
        }
    }

    /** Null on success, else the program's output. */
    private static String run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(30, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return "timed out";
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new LazybuildException(LazybuildException.Kind.FETCH, "interrupted while running " + command.get(0), e);
        }
        return p.exitValue() == 0 ? null : "exit status " + p.exitValue() + ": " + new String(out, StandardCharsets.UTF_8);
    }
}
