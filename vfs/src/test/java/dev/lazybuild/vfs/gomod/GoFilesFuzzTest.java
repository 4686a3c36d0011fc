package dev.lazybuild.vfs.gomod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.vfs.lockfile.LockfileException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * go.mod, go.sum, go.work and vendor/modules.txt, mutated a fixed number of times from fixed
 * seeds (the real mongodb-cli files and a small file with every directive): the readers refuse
 * malformed input only with a LockfileException naming the file, never another exception.
 */
class GoFilesFuzzTest {
    private static final int ITERATIONS = Integer.getInteger("lazybuild.fuzz.factor", 1) * 2000;
    private static final String[] INSERTS = {"", "\u0000", "(", ")", "\"", "`", "//", "=>", " ", "\t", "\n", "v", "v1.0.0",
        "h1:", "/go.mod", "!", "..", "/", "## explicit", "# ", "indirect", "Ü", "\r\n", "go 1.2", "99999999999"};
    private static final String SMALL_GO_MOD = """
            module "example.com/app"
            go 1.21
            toolchain go1.23.1
            require (
            	example.com/a v1.0.0 // indirect
            	`example.com/B` v1.2.3-rc.1+meta
            )
            require example.com/c v0.0.0-20240102030405-abcdefabcdef
            replace example.com/a => ../a
            replace (
            	example.com/c v0.0.0-20240102030405-abcdefabcdef => example.com/d v1.0.0
            )
            exclude example.com/e v1.0.0
            retract [v1.0.0, v1.1.0]
            """;
    private static final String SMALL_MODULES_TXT = """
            # example.com/a v1.0.0 => ../a
            ## explicit; go 1.21
            example.com/a
            # example.com/B v1.2.3-rc.1+meta
            ## explicit
            # example.com/c v0.0.0-20240102030405-abcdefabcdef => example.com/d v1.0.0
            ## explicit
            """;

    @Test
    void mutatedInputIsOnlyEverALockfileExceptionNamingTheFile() throws IOException {
        String goMod = resource("go.mod");
        String goSum = resource("go.sum");
        GoModFile small = GoModFile.parse("go.mod", SMALL_GO_MOD, true);
        fuzz(1, goMod, SMALL_GO_MOD, text -> GoModFile.parse("go.mod", text, true));
        fuzz(2, goMod, SMALL_GO_MOD, text -> GoModFile.parse("go.mod", text, false));
        fuzz(3, goSum, "example.com/a v1.0.0 h1:+Uup7FOb9Kn5ZF/tuYj5bxGSs6/1C7V/jum5sLPuVOQ=\n"
                + "example.com/a v1.0.0/go.mod h1:FjRtYRyFgcp3UPkIX9LsOl16WETaGTFf+S0koQba84I=\n",
                text -> GoSum.parse("go.mod", text));
        fuzz(4, "go 1.22\nuse (\n\t./a\n\t\"./b c\"\n)\nreplace example.com/x v1.0.0 => ./x\n", "go 1.22\nuse ./a\n",
                text -> GoWork.parse("go.mod", text));
        fuzz(5, SMALL_MODULES_TXT, SMALL_MODULES_TXT, text -> VendoredModules.checkConsistent("go.mod", text, small));
    }

    private static void fuzz(long salt, String real, String small, Consumer<String> reader) {
        for (int i = 0; i < ITERATIONS; i++) {
            long seed = salt * 1_000_003L + i;
            Random r = new Random(seed);
            String input = mutate(i % 32 == 0 ? real : small, r);
            try {
                reader.accept(input);
            } catch (LockfileException expected) {
                assertThat(expected.getMessage()).as("seed %d", seed).startsWith("go.mod");
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + ": " + e + "\ninput:\n" + input, e);
            }
        }
    }

    private static String mutate(String s, Random r) {
        for (int n = 1 + r.nextInt(4); n > 0 && !s.isEmpty(); n--) {
            int at = r.nextInt(s.length());
            int lineStart = s.lastIndexOf('\n', at) + 1;
            int lineEnd = s.indexOf('\n', at) < 0 ? s.length() : s.indexOf('\n', at) + 1;
            s = switch (r.nextInt(5)) {
                case 0 -> s.substring(0, at);
                case 1 -> s.substring(0, at) + (char) r.nextInt(256) + s.substring(at + 1);
                case 2 -> s.substring(0, lineStart) + s.substring(lineEnd);
                case 3 -> s.substring(0, lineEnd) + s.substring(lineStart, lineEnd) + s.substring(lineEnd);
                default -> s.substring(0, at) + INSERTS[r.nextInt(INSERTS.length)] + s.substring(at);
            };
        }
        return s;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = GoFilesFuzzTest.class.getResourceAsStream("/gomod/mongodb-cli-v2.0.7/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
