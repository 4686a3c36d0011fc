package dev.lazybuild.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Builds real, installable RPMs with rpmbuild, for dnf to install in test builds. Each
 * package holds one file, {@code /usr/share/lazybuild/<name>}, whose content is its value.
 */
public final class Rpms {
    /** A built RPM: its file name ({@code name-version-1.arch.rpm}) and bytes. */
    public record Rpm(String name, String version, String arch, String fileName, byte[] bytes) { }

    private Rpms() { }

    /**
     * @param arch {@code noarch}, or an architecture to build for with {@code --target}
     *        (the payload is a text file, so any architecture builds on any host)
     * @param requires package names this one requires (empty for none)
     */
    public static Rpm build(String name, String version, String arch, String value, List<String> requires) {
        StringBuilder s = new StringBuilder();
        s.append("Name: ").append(name).append("\nVersion: ").append(version).append("\nRelease: 1\n")
                .append("Summary: lazybuild test package ").append(name).append("\nLicense: MIT\n");
        if (arch.equals("noarch")) {
            s.append("BuildArch: noarch\n");
        }
        requires.forEach(r -> s.append("Requires: ").append(r).append('\n'));
        s.append("\n%description\nA package built by the lazybuild test suite.\n\n%install\n")
                .append("mkdir -p %{buildroot}/usr/share/lazybuild\n")
                .append("printf '%s\\n' '").append(value.replace("'", "")).append("' > %{buildroot}/usr/share/lazybuild/")
                .append(name).append("\n\n%files\n/usr/share/lazybuild/").append(name).append('\n');
        return buildSpec(name, version, "1", arch, s.toString());
    }

    /**
     * Builds the RPM a whole spec describes, for tests that need what {@link #build} does not
     * write: scriptlets, rich and weak dependencies, many files, a changelog. The spec's
     * Name, Version and Release must be the ones given (they name the file); {@code arch} is
     * {@code noarch} (the spec then says {@code BuildArch: noarch}) or a {@code --target}.
     */
    public static Rpm buildSpec(String name, String version, String release, String arch, String spec) {
        Prerequisites.requireProgram("rpmbuild");
        Path top;
        try {
            top = Files.createTempDirectory("lazybuild-rpmbuild");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Path specFile = top.resolve(name + ".spec");
            Files.writeString(specFile, spec);
            List<String> cmd = new ArrayList<>(List.of("rpmbuild", "-bb", "--quiet",
                    "--define", "_topdir " + top,
                    "--define", "debug_package %{nil}",
                    "--define", "__os_install_post %{nil}",
                    "--define", "_build_id_links none",
                    // Same bytes for the same inputs, so a digest in a test lockfile is stable.
                    "--define", "use_source_date_epoch_as_buildtime 1",
                    "--define", "clamp_mtime_to_source_date_epoch 1",
                    "--define", "_buildhost lazybuild-tests"));
            if (!arch.equals("noarch")) {
                cmd.add("--target");
                cmd.add(arch);
            }
            cmd.add(specFile.toString());
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("SOURCE_DATE_EPOCH", "1700000000");
            Podman.Result r = run(pb);
            if (r.status() != 0) {
                throw new IllegalStateException("rpmbuild failed for " + name + ": " + r.output());
            }
            String fileName = name + "-" + version + "-" + release + "." + arch + ".rpm";
            Path built = top.resolve("RPMS").resolve(arch).resolve(fileName);
            return new Rpm(name, version, arch, fileName, Files.readAllBytes(built));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(top);
        }
    }

    private static Podman.Result run(ProcessBuilder pb) throws IOException {
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new Podman.Result(p.exitValue(), new String(out, java.nio.charset.StandardCharsets.UTF_8));
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
