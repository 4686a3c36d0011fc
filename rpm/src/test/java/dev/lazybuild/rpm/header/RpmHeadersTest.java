package dev.lazybuild.rpm.header;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lazybuild.rpm.repodata.PackageMetadataReader;
import dev.lazybuild.testkit.RpmSigningKey;
import dev.lazybuild.testkit.Rpms;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The reader against real RPMs and against hostile bytes: every malformed prefix ends in an
 * {@link RpmFormatException} that names the package and what is wrong.
 */
@Tag("e2e")
class RpmHeadersTest {
    private static final String NAME = "lazyrich-1.0-3.noarch.rpm";
    private static Rpms.Rpm signed;
    private static RpmHeaders good;
    private static HeaderSignatures keys;

    @BeforeAll
    static void buildPackage() {
        try (RpmSigningKey key = RpmSigningKey.create()) {
            signed = key.sign(TestPackages.rich());
            keys = HeaderSignatures.fromArmoredKeys(Map.of("RPM-GPG-KEY-test", key.publicKey().getBytes(StandardCharsets.US_ASCII)));
        }
        good = RpmHeaders.read(signed.bytes(), NAME);
    }

    @Test
    void thePrefixLengthIsKnownAfterTwoSmallReads() {
        byte[] bytes = signed.bytes();

        long afterLead = RpmHeaders.prefixLength(bytes, RpmHeaders.MINIMUM_PREFIX, NAME);
        long afterIntro = RpmHeaders.prefixLength(bytes, (int) afterLead, NAME);

        assertThat(afterLead).isEqualTo(good.headerStart() + Header.INTRO_BYTES);
        assertThat(good.headerStart() % 8).isZero();
        assertThat(afterIntro).isEqualTo(good.headerEnd()).isLessThan(bytes.length);
        assertThat(RpmHeaders.read(Arrays.copyOf(bytes, (int) afterIntro), NAME).sameBytes(good)).isTrue();
        assertThat(RpmHeaders.prefixLength(bytes, 10, NAME)).isEqualTo(RpmHeaders.MINIMUM_PREFIX);
    }

    @Test
    void aPrefixOneByteShortIsRefused() {
        byte[] shortPrefix = Arrays.copyOf(signed.bytes(), (int) good.headerEnd() - 1);

        assertThatThrownBy(() -> RpmHeaders.read(shortPrefix, NAME)).isInstanceOf(RpmFormatException.class)
                .hasMessage(NAME + " ends before its header does: " + good.headerEnd() + " bytes needed, "
                        + shortPrefix.length + " present");
        assertThatThrownBy(() -> RpmHeaders.read(new ByteArrayInputStream(shortPrefix), NAME))
                .isInstanceOf(RpmFormatException.class).hasMessageContaining(NAME + " ends after " + shortPrefix.length);
    }

    @Test
    void anHtmlPageIsNotAnRpm() {
        byte[] html = ("<!DOCTYPE html><html><body>" + "x".repeat(200) + "</body></html>").getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> RpmHeaders.read(html, NAME)).isInstanceOf(RpmFormatException.class)
                .hasMessage(NAME + " does not start with the RPM lead magic edabeedb (found 3c21444f): not an RPM file");
    }

    @Test
    void headerSizesBeyondTheLimitsAreRefusedBeforeAnythingIsFetched() {
        byte[] bytes = prefix();
        putInt(bytes, RpmHeaders.LEAD_BYTES + 8, 0x10000);
        assertThatThrownBy(() -> RpmHeaders.prefixLength(bytes, bytes.length, NAME)).isInstanceOf(RpmFormatException.class)
                .hasMessage("the signature header of " + NAME + " claims 65536 index entries (rpm allows 1 to 65535)");

        byte[] big = prefix();
        putInt(big, (int) good.headerStart() + 12, 0x7fffffff);
        assertThatThrownBy(() -> RpmHeaders.prefixLength(big, big.length, NAME)).isInstanceOf(RpmFormatException.class)
                .hasMessageStartingWith("the header of " + NAME + " claims 2147483647 bytes of data");
    }

    @Test
    void anEntryPointingOutsideTheDataStoreIsRefused() {
        byte[] bytes = prefix();
        int entry = entryOf(bytes, RpmTag.NAME);
        putInt(bytes, entry + 8, 0x7ffffff0);

        assertThatThrownBy(() -> RpmHeaders.read(bytes, NAME)).isInstanceOf(RpmFormatException.class)
                .hasMessageStartingWith("the header of " + NAME + ", index entry ")
                .hasMessageContaining("(tag 1000) points outside the");
    }

    @Test
    void aStringWithoutItsEndAndATagOfTheWrongTypeAreRefused() {
        byte[] bytes = prefix();
        int entry = entryOf(bytes, RpmTag.CHANGELOG_TEXT);
        putInt(bytes, entry + 12, 1_000_000 % dataLength(bytes)); // more strings than the store holds
        assertThatThrownBy(() -> PackageMetadataReader.read(RpmHeaders.read(bytes, NAME), "0".repeat(64), 1, NAME))
                .isInstanceOf(RpmFormatException.class)
                .hasMessageContaining("of tag 1082 runs past the end of the data store (no terminating NUL)");

        byte[] typed = prefix();
        putInt(typed, entryOf(typed, RpmTag.NAME) + 4, 4);
        assertThatThrownBy(() -> PackageMetadataReader.read(RpmHeaders.read(typed, NAME), "0".repeat(64), 1, NAME))
                .isInstanceOf(RpmFormatException.class)
                .hasMessage("the header of " + NAME + ": tag 1000 has type INT32 where rpm writes STRING");
    }

    /**
     * Seeded, so every run covers the same 4,000 inputs: mutations of the intro, the index and
     * the data of a real signed package, and truncations. Each ends in success or an
     * RpmFormatException, within the time limit (no endless loop, no out-of-memory).
     */
    @Test
    @Timeout(120)
    void mutatedHeadersFailOnlyWithAFormatError() {
        Random random = new Random(17);
        int refused = 0;
        for (int i = 0; i < 4000; i++) {
            byte[] bytes = prefix();
            int kind = random.nextInt(4);
            int end = bytes.length;
            switch (kind) {
                case 0 -> bytes[random.nextInt(bytes.length)] ^= (byte) (1 + random.nextInt(255));
                case 1 -> {
                    // A word of the index of either header: tag, type, offset or count.
                    int base = random.nextBoolean() ? RpmHeaders.LEAD_BYTES : (int) good.headerStart();
                    int entries = (int) Header.u32(bytes, base + 8);
                    int word = base + Header.INTRO_BYTES + random.nextInt(entries * 4) * 4;
                    int[] extremes = {0, -1, 0x7fffffff, 0x80000000, 1, random.nextInt(), dataLength(bytes)};
                    putInt(bytes, word, extremes[random.nextInt(extremes.length)]);
                }
                case 2 -> putInt(bytes, (random.nextBoolean() ? RpmHeaders.LEAD_BYTES : (int) good.headerStart())
                        + 8 + 4 * random.nextInt(2), random.nextInt());
                default -> end = random.nextInt(bytes.length);
            }
            byte[] input = Arrays.copyOf(bytes, end);
            try {
                RpmHeaders headers = RpmHeaders.read(input, NAME);
                PackageMetadataReader.read(headers, "0".repeat(64), input.length, NAME);
                keys.verify(headers);
            } catch (RpmFormatException expected) {
                assertThat(expected.getMessage()).contains(NAME);
                refused++;
            }
        }
        assertThat(refused).isBetween(1000, 4000);
    }

    private static byte[] prefix() {
        return Arrays.copyOf(signed.bytes(), (int) good.headerEnd());
    }

    private static int dataLength(byte[] bytes) {
        return (int) Header.u32(bytes, (int) good.headerStart() + 12);
    }

    /** Where the main header's index entry for {@code tag} starts. */
    private static int entryOf(byte[] bytes, int tag) {
        int base = (int) good.headerStart();
        int entries = (int) Header.u32(bytes, base + 8);
        for (int i = 0; i < entries; i++) {
            int at = base + Header.INTRO_BYTES + i * 16;
            if (Header.u32(bytes, at) == tag) {
                return at;
            }
        }
        throw new AssertionError("no tag " + tag);
    }

    private static void putInt(byte[] bytes, int at, int value) {
        ByteBuffer.wrap(bytes).putInt(at, value);
    }
}
