package dev.lazybuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/make-class-archive and the launcher's use of its archive, on a real jar (this build's
 * classes; the dependencies' jars on its Class-Path) installed as install.sh installs it: the
 * archive is used when it matches the jar, and a truncated, corrupt or stale archive never
 * stops lazybuild from starting or puts a word on its output.
 */
class ClassArchiveTest {
    static final Path REPO = Path.of("").toAbsolutePath().getParent();

    /**
     * The installation with its archive, made once (two training builds), and a pristine copy
     * that each test restores first: the JVM checks the jar's path, so the tests share one place.
     */
    @TempDir
    static Path installed;

    @TempDir
    Path work;

    Path lib;
    Path jar;
    Path archive;
    Path classLog;

    @BeforeAll
    static void installWithArchive() throws Exception {
        Path dir = Files.createDirectories(installed.resolve("lib/lazybuild"));
        realJar(dir.resolve("lazybuild.jar"));
        Files.copy(REPO.resolve("bin/lazybuild"), dir.resolve("lazybuild"));
        Files.copy(REPO.resolve("bin/make-class-archive"), dir.resolve("make-class-archive"));
        Run made = run(List.of(dir.resolve("make-class-archive").toString(), dir.resolve("lazybuild.jar").toString()),
                Map.of(), installed);
        assertThat(made.status()).as(made.toString()).isZero();
        assertThat(made.out()).isEqualTo("made " + dir.resolve("lazybuild.jsa") + "\n");
        assertThat(dir.resolve("lazybuild.jsa.id")).isRegularFile();
        copy(dir, Files.createDirectories(installed.resolve("pristine")));
    }

    @BeforeEach
    void restoreInstallation() throws IOException {
        lib = installed.resolve("lib/lazybuild");
        copy(installed.resolve("pristine"), lib);
        jar = lib.resolve("lazybuild.jar");
        archive = lib.resolve("lazybuild.jsa");
        classLog = work.resolve("classes.log");
    }

    @Test
    void theLauncherStartsFromTheArchiveMadeForItsJar() throws Exception {
        assertVersionRuns();
        assertThat(Files.readString(classLog)).contains("dev.lazybuild.cli.Main source: shared objects file (top)");
    }

    @Test
    void aTruncatedArchiveIsNotGivenToTheJvm() throws Exception {
        try (var channel = Files.newByteChannel(archive, java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(Files.size(archive) / 2); // JDK 17 dies of SIGBUS mapping a cut archive
        }
        assertVersionRuns();
        assertThat(Files.readString(classLog)).doesNotContain("(top)");
    }

    @Test
    void aCorruptArchiveOfTheRightSizeIsRefusedByTheJvmSilently() throws Exception {
        byte[] garbage = new byte[(int) Files.size(archive)];
        new Random(18).nextBytes(garbage);
        FileTime made = Files.getLastModifiedTime(archive);
        Files.write(archive, garbage);
        Files.setLastModifiedTime(archive, made); // passes the launcher's check: the JVM must refuse it
        assertVersionRuns();
        assertThat(Files.readString(classLog)).doesNotContain("(top)");
    }

    @Test
    void anArchiveOfAnotherJarIsNotUsed() throws Exception {
        realJar(jar); // a rebuilt jar: same classes, a new file
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 10_000));
        assertVersionRuns();
        assertThat(Files.readString(classLog)).doesNotContain("(top)");
    }

    /** {@code lazybuild --version} prints the version, exits 0, says nothing on stderr; classes loaded go to classLog. */
    private void assertVersionRuns() throws Exception {
        Files.deleteIfExists(classLog);
        Run version = run(List.of(lib.resolve("lazybuild").toString(), "--version"), Map.of("LAZYBUILD_JAVA_OPTS",
                "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -Xlog:class+load:file=" + classLog), work);
        assertThat(version.status()).as(version.toString()).isZero();
        assertThat(version.out()).startsWith("lazybuild " + VersionProvider.version() + "\n");
        assertThat(version.err()).isEmpty();
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    record Run(int status, String out, String err) { }

    private static Run run(List<String> command, Map<String, String> env, Path work) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        pb.environment().remove("LAZYBUILD_CLASS_ARCHIVE_DUMP");
        pb.redirectError(work.resolve("stderr").toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out, Files.readString(work.resolve("stderr")));
    }

    /**
     * A jar of this build's classes (the class path's directories but tests'), with the
     * dependencies' jars on its Class-Path: a class archive refuses classes from directories.
     */
    private static Path realJar(Path jar) throws IOException {
        List<String> jars = new ArrayList<>();
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        List<Path> directories = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(e).toAbsolutePath();
            if (Files.isDirectory(p)) {
                if (!p.getFileName().toString().equals("test-classes")) {
                    directories.add(p);
                }
            } else {
                jars.add(p.toUri().toString());
            }
        }
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", jars));
        Path tmp = jar.resolveSibling(jar.getFileName() + ".tmp");
        java.util.Set<String> written = new java.util.HashSet<>();
        try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream j = new JarOutputStream(out, m)) {
            for (Path dir : directories) {
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                        String name = dir.relativize(f).toString().replace(File.separatorChar, '/');
                        if (name.equals("META-INF/MANIFEST.MF") || !written.add(name)) {
                            continue;
                        }
                        j.putNextEntry(new JarEntry(name));
                        Files.copy(f, j);
                        j.closeEntry();
                    }
                }
            }
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
        return jar;
    }
}
