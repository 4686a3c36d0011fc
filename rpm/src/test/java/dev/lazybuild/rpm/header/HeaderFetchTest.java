package dev.lazybuild.rpm.header;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lazybuild.testkit.Rpms;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The ranged reads a header fetch makes, over real RPMs held in memory. */
@Tag("e2e")
class HeaderFetchTest {
    private static Rpms.Rpm large;

    @BeforeAll
    static void buildLargePackage() {
        large = TestPackages.manyFiles("x86_64", 1500);
    }

    private record Read(long from, int length) { }

    private static HeaderFetch.RangeReader over(byte[] file, List<Read> log) {
        return (from, length) -> {
            log.add(new Read(from, length));
            return Arrays.copyOfRange(file, (int) Math.min(from, file.length), (int) Math.min(from + length, file.length));
        };
    }

    @Test
    void aSmallPackageTakesOneReadThatTheFileEnds() throws Exception {
        Rpms.Rpm rpm = TestPackages.bare("noarch");
        List<Read> reads = new ArrayList<>();

        RpmHeaders headers = HeaderFetch.fetch(over(rpm.bytes(), reads), rpm.fileName());

        assertThat(reads).containsExactly(new Read(0, HeaderFetch.FIRST_READ_BYTES));
        assertThat(headers.sameBytes(RpmHeaders.read(rpm.bytes(), rpm.fileName()))).isTrue();
    }

    @Test
    void aLargeHeaderTakesASecondReadOfExactlyTheRest() throws Exception {
        Rpms.Rpm rpm = large;
        List<Read> reads = new ArrayList<>();

        RpmHeaders headers = HeaderFetch.fetch(over(rpm.bytes(), reads), rpm.fileName());

        assertThat(headers.headerEnd()).isGreaterThan(HeaderFetch.FIRST_READ_BYTES);
        assertThat(reads).containsExactly(new Read(0, HeaderFetch.FIRST_READ_BYTES),
                new Read(HeaderFetch.FIRST_READ_BYTES, (int) headers.headerEnd() - HeaderFetch.FIRST_READ_BYTES));
    }

    @Test
    void aFileThatEndsInsideItsHeaderIsRefused() {
        byte[] cut = Arrays.copyOf(large.bytes(), HeaderFetch.FIRST_READ_BYTES + 100);

        assertThatThrownBy(() -> HeaderFetch.fetch(over(cut, new ArrayList<>()), "https://example.invalid/m.rpm"))
                .isInstanceOf(RpmFormatException.class)
                .hasMessageStartingWith("https://example.invalid/m.rpm ends before its header does");
    }
}
