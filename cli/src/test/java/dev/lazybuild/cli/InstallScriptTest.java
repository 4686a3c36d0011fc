package dev.lazybuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.testkit.Prerequisites;
import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * install.sh into a throwaway PREFIX, twice. The build step is skipped (--no-build): the jar
 * it installs is a thin one whose manifest points at this test's class path, so the test
 * needs no `mvn package` and still runs the installed launcher for real.
 */
class InstallScriptTest {
    static final Path REPO = Path.of("").toAbsolutePath().getParent();

    @TempDir
    Path work;

    @Test
    void installsLauncherCompletionsAndManPagesAndIsSafeToRunTwice() throws Exception {
        Prerequisites.requireProgram("install");
        Path prefix = work.resolve("prefix");
        Path jar = thinJar(work.resolve("lazybuild.jar"));

        String first = install(prefix, jar);
        String second = install(prefix, jar);
        assertThat(second).isEqualTo(first);
        assertThat(first).contains("installed lazybuild ").contains(prefix + "/bin");

        for (String f : List.of("bin/lazybuild", "lib/lazybuild/lazybuild.jar", "lib/lazybuild/lazybuild",
                "share/bash-completion/completions/lazybuild", "share/zsh/site-functions/_lazybuild",
                "share/fish/vendor_completions.d/lazybuild.fish", "share/man/man1/lazybuild.1", "share/man/man1/lazybuild-build.1")) {
            assertThat(prefix.resolve(f)).as(f).isRegularFile();
        }
        assertThat(Files.readString(prefix.resolve("share/bash-completion/completions/lazybuild")))
                .isEqualTo(Files.readString(REPO.resolve("completions/lazybuild.bash")));

        String version = run(List.of(prefix.resolve("bin/lazybuild").toString(), "--version"), prefix);
        assertThat(version).startsWith("lazybuild " + VersionProvider.version());
        if (Prerequisites.onPath("man")) {
            assertThat(run(List.of("man", "-l", prefix.resolve("share/man/man1/lazybuild-build.1").toString()), prefix))
                    .contains("lazybuild-build - Run podman build");
        }
    }

    private String install(Path prefix, Path jar) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(REPO.resolve("install.sh").toString(), "--no-deps", "--no-build");
        pb.environment().put("PREFIX", prefix.toString());
        pb.environment().put("LAZYBUILD_JAR", jar.toString());
        return run(pb, prefix);
    }

    private String run(List<String> command, Path prefix) throws Exception {
        return run(new ProcessBuilder(command), prefix);
    }

    private String run(ProcessBuilder pb, Path prefix) throws Exception {
        pb.redirectErrorStream(true).environment().put("MANWIDTH", "80");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(pb.command() + "\n" + out).isZero();
        return out;
    }

    /** A jar with only a manifest: Main-Class and this JVM's class path (which surefire may itself put in a manifest). */
    private static Path thinJar(Path jar) throws Exception {
        List<String> entries = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(e).toAbsolutePath();
            entries.add(p.toUri().toString());
        }
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", entries));
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
            j.flush();
        }
        return jar;
    }
}
