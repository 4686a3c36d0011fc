package dev.lazybuild.vfs.gomod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lazybuild.vfs.lockfile.LockfileException;
import org.junit.jupiter.api.Test;

class GoSumTest {
    private static final String H1 = "h1:+Uup7FOb9Kn5ZF/tuYj5bxGSs6/1C7V/jum5sLPuVOQ=";
    private static final String OTHER = "h1:FjRtYRyFgcp3UPkIX9LsOl16WETaGTFf+S0koQba84I=";

    @Test
    void zipAndGoModHashesAreKeptApart() {
        GoSum s = GoSum.parse("go.sum", "example.com/a v1.0.0 " + H1 + "\nexample.com/a v1.0.0/go.mod " + OTHER + "\n\n"
                + "example.com/b v0.1.0/go.mod " + OTHER + "\n");
        ModuleVersion a = new ModuleVersion("example.com/a", "v1.0.0");
        assertThat(s.zipHash(a)).isEqualTo(H1);
        assertThat(s.goModHash(a)).isEqualTo(OTHER);
        assertThat(s.zipHash(new ModuleVersion("example.com/b", "v0.1.0"))).isNull();
        assertThat(s.withGoModHash()).hasSize(2);
    }

    @Test
    void hostileLinesAreOneErrorNamingFileAndLine() {
        assertError("example.com/a v1.0.0 " + H1 + " extra\n", "go.sum:1: malformed line: expected 'MODULE VERSION[/go.mod] h1:HASH', got 4 fields");
        assertError("\nexample.com/a v1.0.0\n", "go.sum:2: malformed line");
        assertError("example.com/a v1.0.0 h2:abc\n", "go.sum:1: example.com/a@v1.0.0: 'h2:abc' is not an h1: hash");
        assertError("example.com/a v1.0.0 h1:not-base64-at-all-not-base64-at-all-not-base6\n", "is not an h1: hash");
        assertError("example.com/a latest " + H1 + "\n", "go.sum:1: 'latest' is not a canonical module version");
        assertError("../../etc v1.0.0 " + H1 + "\n", "go.sum:1: module path '../../etc'");
        assertError("example.com/a v1.0.0 " + H1 + "\nexample.com/a v1.0.0 " + OTHER + "\n",
                "go.sum:2: example.com/a@v1.0.0 has two different hashes");
    }

    @Test
    void theSameLineTwiceIsFine() {
        String line = "example.com/a v1.0.0 " + H1 + "\n";
        assertThat(GoSum.parse("go.sum", line + line).zipHash(new ModuleVersion("example.com/a", "v1.0.0"))).isEqualTo(H1);
    }

    private static void assertError(String text, String message) {
        assertThatThrownBy(() -> GoSum.parse("go.sum", text)).isInstanceOf(LockfileException.class).hasMessageContaining(message);
    }
}
