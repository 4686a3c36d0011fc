package dev.lazybuild.cli.config;

import static org.assertj.core.api.Assertions.fail;

import dev.lazybuild.fetch.LazybuildException;
import dev.lazybuild.fetch.Printable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Config files, mutated a fixed number of times from fixed seeds (as the user's file and as a
 * build context's), are read or refused with one configuration error naming the file, and
 * never end in another exception (a stack trace, exit 70); nothing read from a context ever
 * carries a user-only setting. {@code -Dlazybuild.fuzz.factor=N} tries N times as many.
 */
class ConfigFileFuzzTest {
    private static final int FACTOR = Integer.getInteger("lazybuild.fuzz.factor", 1);
    private static final String VALID = """
            cache-dir = "~/.cache/lazybuild"
            concurrency = 8
            mount-target = "/cachi2"
            podman-args = ["--runtime", "runc"]
            strict-digests = false
            netrc = "/root/.netrc"

            [mirrors]
            "https://files.pythonhosted.org/" = "https://nexus.example.com/repository/pypi-files/"

            [team-cache]
            endpoint = "https://s3.eu-west-1.amazonaws.com"
            bucket = "team"
            prefix = "lazybuild/"
            region = "eu-west-1"
            path-style = true
            upload = false
            """;
    private static final String[] INSERTS = {"", "\"", "'", "[", "]", "{", "}", "=", "\n", "\\u0000", "\\u001b[2J", "\\u202e",
        "-1", "0", "65", "99999999999999999999", "1e309", "true", "\"\"", "[]", "{}", "http://u:s3cr3t@h/", "..", "/",
        "~", "~/", "[[a]]", "\"\\\\\"", "nan", "inf", "1979-05-27T07:32:00Z", "[".repeat(5000), "a.b.c = 1"};

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(ConfigFile.Source.class)
    void mutatedConfigFilesAreReadOrRefusedWithOneClearError(ConfigFile.Source source) throws IOException {
        Path file = dir.resolve("lazybuild.toml");
        Map<String, String> env = Map.of("HOME", dir.toString());
        int read = 0;
        for (long seed = 0; seed < 1500L * FACTOR; seed++) {
            String mutated = mutate(VALID, new Random(seed));
            Files.writeString(file, mutated, StandardCharsets.UTF_8);
            try {
                ConfigFile config = ConfigFile.read(file, env, source);
                read++;
                if (source == ConfigFile.Source.CONTEXT && (config.podmanArgs().isPresent() || config.cacheDir().isPresent()
                        || config.teamCache().isPresent())) {
                    fail("seed " + seed + ": a context set a user-only key: " + config);
                }
                for (String w : config.warnings()) {
                    if (!w.startsWith(file.toString()) || Printable.firstUnsafe(w) >= 0) {
                        fail("seed " + seed + ": warning does not name the file or holds a control character: " + w);
                    }
                }
            } catch (LazybuildException e) {
                if (e.kind() != LazybuildException.Kind.CONFIG || !e.getMessage().contains(file.toString())) {
                    fail("seed " + seed + ": not a configuration error naming the file: " + e.getMessage());
                }
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError("seed " + seed + " (input: " + Printable.escape(mutated) + "): " + e, e);
            }
        }
        // Both outcomes must occur, or the mutations never reach the value checks.
        org.assertj.core.api.Assertions.assertThat(read).isBetween(1, 1500 * FACTOR - 1);
    }

    /** One to three insertions, deletions or duplicated lines. */
    private static String mutate(String s, Random r) {
        int count = 1 + r.nextInt(3);
        for (int i = 0; i < count && !s.isEmpty(); i++) {
            int at = r.nextInt(s.length());
            s = switch (r.nextInt(4)) {
                case 0 -> s.substring(0, at) + INSERTS[r.nextInt(INSERTS.length)] + s.substring(at);
                case 1 -> s.substring(0, at) + s.substring(Math.min(s.length(), at + 1 + r.nextInt(8)));
                case 2 -> {
                    int start = s.lastIndexOf('\n', at) + 1;
                    int end = s.indexOf('\n', at);
                    end = end < 0 ? s.length() : end + 1;
                    yield s.substring(0, end) + s.substring(start, end) + s.substring(end);
                }
                default -> {
                    int eq = s.indexOf('=', at);
                    int end = eq < 0 ? -1 : s.indexOf('\n', eq);
                    yield eq < 0 || end < 0 ? s : s.substring(0, eq + 1) + " " + INSERTS[r.nextInt(INSERTS.length)] + s.substring(end);
                }
            };
        }
        return s;
    }
}
