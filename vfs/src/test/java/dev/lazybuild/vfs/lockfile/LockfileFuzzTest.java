package dev.lazybuild.vfs.lockfile;

import dev.lazybuild.vfs.tree.Tree;
import static org.assertj.core.api.Assertions.fail;

import dev.lazybuild.testkit.RealLockfiles;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each reader, fed a fixed number of mutations of the real lockfiles, refuses malformed
 * input only with {@link LockfileException}: never a NullPointerException, ClassCastException
 * or any other exception a user would see as a crash. The seeds are fixed too, so every
 * machine tries the same inputs however fast it is; a failure names the seed, and the input
 * is kept next to the report. {@code -Dlazybuild.fuzz.factor=N} tries N times as many, for
 * a long run by hand.
 */
class LockfileFuzzTest {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private static final int FACTOR = Integer.getInteger("lazybuild.fuzz.factor", 1);
    private static final String[] INSERTS = {"", "\u0000", "\u0007", "..", "/", "-1", "[]", "{}", "null", "\"", "'",
        "1.0", "sha512-", "sha256:", "file:", "git+", "ftp://x/y", "http://", "https://h/", "\n", "\\u0000", "&a", "*a", "!!binary",
        "[".repeat(100_000), "{\"a\":".repeat(20_000)};

    @TempDir
    Path dir;

    /**
     * Per reader: how many mutated inputs to try (each reader gets a few seconds of CPU on a
     * slow machine: the rpm reader's real lockfile is 1.2 MB), the real lockfile, and a small
     * one that has every kind of entry the reader treats differently, so that mutations reach
     * each branch often.
     */
    static Stream<Arguments> inputs() throws IOException {
        return Stream.of(
                Arguments.of("jupyter-minimal.pylock.cpu.toml", 1000, List.of(real("jupyter-minimal.pylock.cpu.toml"), """
                        lock-version = "1.0"
                        [[packages]]
                        name = "a"
                        version = "1.0"
                        sdist = { url = "https://e.org/a-1.0.tar.gz", size = 10, hashes = { sha512 = "%s", md5 = "%s" } }
                        wheels = [
                          { name = "a-1.0-py3-none-any.whl", url = "https://e.org/x", size = 5, hashes = { sha256 = "%s" } },
                          { url = "https://e.org/b/a-1.0-cp312-manylinux.whl", hashes = { sha256 = "%s" } },
                        ]
                        [[packages]]
                        name = "v"
                        vcs = { url = "https://git.e.org/v" }
                        """.formatted("ab".repeat(64), "ab".repeat(16), "ab".repeat(32), "cd".repeat(32)))),
                Arguments.of("custom-packages.package-lock.json", 2000, List.of(real("custom-packages.package-lock.json"), """
                        {"lockfileVersion": 3, "packages": {
                          "": {"name": "app", "workspaces": ["w"]},
                          "node_modules/w": {"resolved": "w", "link": true},
                          "w": {"name": "w", "version": "1.0.0"},
                          "node_modules/@s/a": {"version": "1.0.0", "resolved": "https://registry.npmjs.org/@s/a/-/a-1.0.0.tgz",
                            "integrity": "%s"},
                          "node_modules/x/node_modules/@s/a": {"version": "1.0.0",
                            "resolved": "https://registry.npmjs.org/@s/a/-/a-1.0.0.tgz", "integrity": "%s"},
                          "node_modules/alias": {"name": "real", "version": "2.0.0",
                            "resolved": "https://e.org/real.tgz", "integrity": "%s"},
                          "node_modules/b/node_modules/c": {"version": "1.0.0", "inBundle": true},
                          "node_modules/f": {"version": "1.0.0", "resolved": "file:f.tgz"}
                        }}""".formatted(NpmLockReaderTest.SHA512, NpmLockReaderTest.SHA512, NpmLockReaderTest.OTHER_SHA512))),
                Arguments.of("odh.artifacts.lock.yaml", 2000, List.of(real("odh.artifacts.lock.yaml"), """
                        metadata:
                          version: '2.0'
                        artifacts:
                          - download_url: https://e.org/k/KEY
                            checksum: sha256:%s
                          - download_url: https://e.org/t.tgz
                            checksum: sha512:%s
                            filename: sub/t.tgz
                          - type: maven
                            checksum: sha256:%s
                            attributes:
                              repository_url: https://repo.e.org/m2/
                              group_id: org.e
                              artifact_id: lib
                              version: 1.0
                              type: test-jar
                        """.formatted("ab".repeat(32), "ab".repeat(64), "cd".repeat(32)))),
                Arguments.of("odh.rpms.lock.yaml", 500, List.of(real("odh.rpms.lock.yaml"), """
                        lockfileVersion: 1
                        lockfileVendor: redhat
                        arches:
                        - arch: x86_64
                          packages:
                          - url: https://e.org/x86/a-1.0-1.noarch.rpm
                            repoid: base
                            size: 10
                            checksum: sha256:%s
                          - url: https://e.org/x86/b-1.0-1.x86_64.rpm
                            size: 5
                            checksum: sha256:%s
                          source:
                          - url: https://e.org/src/a-1.0-1.src.rpm
                            repoid: base-source
                            size: 7
                            checksum: sha256:%s
                          module_metadata:
                          - url: https://e.org/x86/modules.yaml.gz
                            repoid: base
                            size: 3
                            checksum: sha256:%s
                        - arch: aarch64
                          packages:
                          - url: https://e.org/arm/c-1.0-1.aarch64.rpm
                            repoid: base
                            size: 4
                            checksum: sha256:%s
                        """.formatted("ab".repeat(32), "cd".repeat(32), "ef".repeat(32), "12".repeat(32), "34".repeat(32)))));
    }

    private static String real(String name) throws IOException {
        return Files.readString(RealLockfiles.notebooks(name), StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void malformedInputOnlyEverRaisesLockfileException(String realFile, int iterations, List<String> seeds) throws IOException {
        Path target = dir.resolve(realFile);
        Lockfiles.Kind kind = Lockfiles.Kind.ofFileName(realFile);
        long baseSeed = realFile.hashCode();
        long started = System.nanoTime();
        long startedCpu = CPU.getCurrentThreadCpuTime();
        long inputs = (long) iterations * FACTOR;
        for (long seed = baseSeed; seed < baseSeed + inputs; seed++) {
            // The real file one time in eight: it is large (tomlj takes ~40 ms on it), the small one reaches every branch.
            byte[] original = seeds.get(Math.floorMod(seed, 8L) == 0 ? 0 : 1).getBytes(StandardCharsets.ISO_8859_1);
            byte[] mutated = mutate(original, new Random(seed));
            Files.write(target, mutated);
            try {
                List<LockedFile> files = kind.read(target, "x86_64");
                Tree.Builder b = Tree.builder();
                files.forEach(f -> b.add(f.remote().sizeKnown() ? f : f.withSize(1)));
                b.build();
            } catch (LockfileException expected) {
                if (!expected.getMessage().contains(target.toString()) && !expected.getMessage().contains(realFile)) {
                    fail("seed " + seed + ": message does not name the lockfile: " + expected.getMessage());
                }
            } catch (Throwable t) {
                Path kept = Path.of("target", "fuzz-" + seed + "-" + realFile);
                Files.createDirectories(kept.getParent());
                Files.write(kept, mutated);
                throw new AssertionError("seed " + seed + " (input kept in " + kept.toAbsolutePath() + "): " + t, t);
            }
        }
        System.out.printf("%s: %d mutated inputs in %.1f s (%.1f s CPU)%n", realFile, inputs,
                (System.nanoTime() - started) / 1e9, (CPU.getCurrentThreadCpuTime() - startedCpu) / 1e9);
    }

    /** Found by hand after the fuzzer: tomlj overflowed the stack, Jackson's depth-limit error has no location. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("deeplyNested")
    void deeplyNestedInputIsRefusedNotACrash(String fileName, String content) throws IOException {
        Path file = Files.writeString(dir.resolve(fileName), content);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Lockfiles.read(List.of(file), "x86_64"))
                .isInstanceOf(LockfileException.class).hasMessageContaining(file.toString());
    }

    static Stream<Arguments> deeplyNested() {
        String deep = "[".repeat(200_000);
        return Stream.of(Arguments.of("pylock.toml", "lock-version = \"1.0\"\nx = " + deep + "\n"),
                Arguments.of("package-lock.json", "{\"lockfileVersion\": 3, \"x\": " + deep),
                Arguments.of("artifacts.lock.yaml", "metadata: " + deep));
    }

    /** One to four mutations: truncation, byte flips, line deletion or duplication, value swaps, insertions. */
    static byte[] mutate(byte[] input, Random r) {
        String s = new String(input, StandardCharsets.ISO_8859_1); // byte-preserving
        int count = 1 + r.nextInt(4);
        for (int i = 0; i < count && !s.isEmpty(); i++) {
            int at = r.nextInt(s.length());
            s = switch (r.nextInt(7)) {
                case 0 -> s.substring(0, at);
                case 1 -> s.substring(0, at) + (char) r.nextInt(256) + s.substring(at + 1);
                case 2 -> deleteLine(s, at);
                case 3 -> duplicateLine(s, at);
                case 4 -> swapValue(s, at, r);
                case 5 -> s.substring(0, at) + INSERTS[r.nextInt(INSERTS.length)] + s.substring(at);
                default -> deleteKey(s, at, r);
            };
        }
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String deleteLine(String s, int at) {
        int start = s.lastIndexOf('\n', at) + 1;
        int end = s.indexOf('\n', at);
        return s.substring(0, start) + (end < 0 ? "" : s.substring(end + 1));
    }

    private static String duplicateLine(String s, int at) {
        int start = s.lastIndexOf('\n', at) + 1;
        int end = s.indexOf('\n', at);
        end = end < 0 ? s.length() : end + 1;
        return s.substring(0, end) + s.substring(start, end) + s.substring(end);
    }

    /** Replaces the value after the next ':' or '=' up to the line's end with a value of another type. */
    private static String swapValue(String s, int at, Random r) {
        int sep = indexOfAny(s, at, ':', '=');
        if (sep < 0) {
            return s;
        }
        int end = s.indexOf('\n', sep);
        end = end < 0 ? s.length() : end;
        String[] values = {" 42", " -1", " true", " null", " []", " {}", " \"\"", " \"x\"", " [1, \"a\"]", " {\"a\": 1}",
            " 1.5", " ~", " 2024-01-01", " ''", " [[]]"};
        String tail = s.substring(sep + 1, end).endsWith(",") ? "," : "";
        return s.substring(0, sep + 1) + values[r.nextInt(values.length)] + tail + s.substring(end);
    }

    /** Removes a quoted or bare key together with its value on one line. */
    private static String deleteKey(String s, int at, Random r) {
        Supplier<String> fallback = () -> deleteLine(s, at);
        int sep = indexOfAny(s, at, ':', '=');
        if (sep < 0) {
            return fallback.get();
        }
        int lineStart = s.lastIndexOf('\n', sep) + 1;
        int lineEnd = s.indexOf('\n', sep);
        return s.substring(0, lineStart) + (lineEnd < 0 ? "" : s.substring(lineEnd + 1));
    }

    private static int indexOfAny(String s, int from, char a, char b) {
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) == a || s.charAt(i) == b) {
                return i;
            }
        }
        return -1;
    }
}
