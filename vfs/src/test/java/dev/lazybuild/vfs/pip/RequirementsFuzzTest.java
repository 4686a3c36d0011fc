package dev.lazybuild.vfs.pip;

import static org.assertj.core.api.Assertions.fail;

import dev.lazybuild.vfs.lockfile.LockfileException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutations of a real requirements file and of index pages, a fixed number per seed so that
 * what is covered does not depend on the machine: the reader refuses only with
 * {@link LockfileException}, the page parser only with IllegalArgumentException, never a crash.
 */
class RequirementsFuzzTest {
    private static final int MUTATIONS = 800;
    private static final String[] INSERTS = {"", "\u0000", "\\", "\\\n", "#", " #", "@", " @ ", ";", "; ", "==", "===", "(", ")",
        "[", "]", ",", "-", "--hash", "--hash=", "--hash=sha256:", "-i", "--index-url=", "-r", "-e", "git+", "file:", "https://",
        "https://u:p@h/", "#egg=", "#egg=x", "\n", "\r", "\u2028", ".whl", ".tar.gz", "<a href=\"", "\">", "&#x110000;", "&#99999999999;",
        "\"files\"", "{", "}", "\"", "1e999", "-1"};

    @TempDir
    Path dir;

    @Test
    void requirementsFilesAreRefusedOnlyWithALockfileError() throws IOException, URISyntaxException {
        String real = Files.readString(Path.of(getClass().getResource("/pip/notebooks/runtimes-minimal.requirements.cpu.txt").toURI()));
        String small = "--index-url https://e.org/simple/\na[x]==1.0 ; python_version > '3' \\\n  --hash=sha256:" + "ab".repeat(32)
                + "\nb @ https://e.org/b-1.0.tar.gz#egg=b --hash=sha256:" + "cd".repeat(32) + "\n-r other.txt\n";
        Random random = new Random(14);
        for (int i = 0; i < MUTATIONS; i++) {
            String input = mutate(i % 2 == 0 ? small : real, random);
            Path file = dir.resolve("requirements.txt");
            Files.writeString(file, input);
            try {
                RequirementsFile r = RequirementsFile.read(file);
                r.validate();
                r.indexUrl(Map.of());
                r.warnings();
            } catch (LockfileException expected) {
                // a refusal with a reason is the point
            } catch (RuntimeException | StackOverflowError e) {
                Path kept = Files.writeString(Path.of("target", "requirements-fuzz-" + i + ".txt"), input);
                fail("mutation " + i + " (kept in " + kept.toAbsolutePath() + ") crashed the reader", e);
            }
        }
    }

    @Test
    void indexPagesAreRefusedOnlyWithAReason() {
        String html = "<html><base href=\"../x/\"><a href=\"../../f/a-1.0.tar.gz#sha256=" + "ab".repeat(32)
                + "\" data-yanked=\"&amp;\">a-1.0.tar.gz</a></html>";
        String json = "{\"meta\": {\"api-version\": \"1.1\"}, \"files\": [{\"filename\": \"a-1.0.tar.gz\", \"url\": \"../a.tgz\", "
                + "\"hashes\": {\"sha256\": \"ab\"}, \"size\": 3, \"yanked\": false}]}";
        Random random = new Random(691);
        URI page = URI.create("https://e.org/simple/a/");
        for (int i = 0; i < MUTATIONS; i++) {
            boolean isJson = i % 2 == 0;
            String input = mutate(isJson ? json : html, random);
            try {
                ProjectPage.parse(page, isJson ? ProjectPage.JSON : "text/html", input.getBytes(StandardCharsets.UTF_8));
            } catch (IllegalArgumentException expected) {
                // a refusal with a reason
            } catch (RuntimeException | StackOverflowError e) {
                fail("mutation " + i + " of the " + (isJson ? "JSON" : "HTML") + " page crashed the parser: " + input, e);
            }
        }
    }

    private static String mutate(String s, Random random) {
        StringBuilder b = new StringBuilder(s);
        for (int n = 1 + random.nextInt(4); n > 0; n--) {
            int at = random.nextInt(b.length() + 1);
            switch (random.nextInt(3)) {
                case 0 -> b.insert(at, INSERTS[random.nextInt(INSERTS.length)]);
                case 1 -> b.delete(at, Math.min(b.length(), at + 1 + random.nextInt(20)));
                default -> {
                    int from = random.nextInt(b.length() + 1);
                    b.insert(at, b.substring(from, Math.min(b.length(), from + random.nextInt(40))));
                }
            }
        }
        return b.toString();
    }
}
