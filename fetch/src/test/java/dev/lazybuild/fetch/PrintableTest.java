package dev.lazybuild.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What a lockfile or a server can put in front of the user's eyes, and how it is shown instead. */
class PrintableTest {

    @ParameterizedTest(name = "U+{0}")
    @ValueSource(ints = {0x00, 0x07, 0x08, 0x0A, 0x0D, 0x1B, 0x7F, 0x85, 0x9B, 0x9D, 0x061C, 0x200E, 0x200F,
        0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x2028, 0x2029})
    void everyTerminalControlAndBidiCharacterIsEscapedVisibly(int codePoint) {
        String escaped = Printable.escape("a" + Character.toString(codePoint) + "b");

        assertThat(Printable.firstUnsafe(escaped)).isEqualTo(-1);
        assertThat(escaped).startsWith("a\\").endsWith("b")
                .contains(codePoint <= 0xFF ? String.format("x%02x", codePoint) : String.format("u%04x", codePoint));
    }

    @ParameterizedTest
    @ValueSource(strings = {"numpy-2.0.0-cp312-cp312-manylinux_2_17_x86_64.whl", "café-1.0.tgz", "日本語.rpm", "a b\\x1b"})
    void ordinaryTextIsKeptAsItIs(String text) {
        assertThat(Printable.escape(text)).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "https://user:secret@e.org/x.rpm | https://***@e.org/x.rpm",
        "http://u:pa ss@proxy.corp:3128 | http://***@proxy.corp:3128",
        "http://u:p@ss@w@rd@proxy:3128/ | http://***@proxy:3128/",
        "https://token@e.org | https://***@e.org",
        "fetching https://a:b@x.org/1 then HTTPS://c:d@y.org/2 | fetching https://***@x.org/1 then HTTPS://***@y.org/2",
        "https://e.org/path/with@sign | https://e.org/path/with@sign",
        "https://e.org/x?mail=a@b | https://e.org/x?mail=a@b",
        "proxy 'http://u:p q@proxy:1' refused; '@' is %40 | proxy 'http://***@proxy:1' refused; '@' is %40",
    })
    void urlsAreShownWithoutTheirUserInfo(String url, String shown) {
        assertThat(Printable.url(url)).isEqualTo(shown);
        assertThat(Printable.hasUserinfo(url)).isEqualTo(!url.equals(shown));
    }

    @org.junit.jupiter.api.Test
    void aUrlIsRedactedThenEscaped() {
        assertThat(Printable.url("https://u:p\u001b[2J@e.org/\u202ex")).isEqualTo("https://***@e.org/\\u202ex");
    }
}
