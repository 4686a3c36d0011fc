package dev.lazybuild.rpm.header;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lazybuild.testkit.RpmSigningKey;
import dev.lazybuild.testkit.Rpms;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Header-only signatures of RPMs signed by rpmsign with a throw-away gpg key, checked with Bouncy Castle. */
@Tag("e2e")
class HeaderSignaturesTest {
    private static RpmSigningKey key;
    private static RpmSigningKey otherKey;
    private static Rpms.Rpm unsigned;
    private static Rpms.Rpm signed;

    @BeforeAll
    static void signPackage() {
        key = RpmSigningKey.create();
        otherKey = RpmSigningKey.create();
        unsigned = TestPackages.rich();
        signed = key.sign(unsigned);
    }

    @AfterAll
    static void removeKeys() {
        key.close();
        otherKey.close();
    }

    private static HeaderSignatures keys(RpmSigningKey... signers) {
        Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        for (int i = 0; i < signers.length; i++) {
            files.put("RPM-GPG-KEY-test-" + i, signers[i].publicKey().getBytes(StandardCharsets.US_ASCII));
        }
        return HeaderSignatures.fromArmoredKeys(files);
    }

    @Test
    void aSignedHeaderVerifiesWithItsKey() {
        String keyId = keys(otherKey, key).verify(RpmHeaders.read(signed.bytes(), signed.fileName()));

        assertThat(keyId).matches("[0-9A-F]{16}");
    }

    @Test
    void oneFlippedByteInTheHeaderFailsVerification() {
        RpmHeaders good = RpmHeaders.read(signed.bytes(), signed.fileName());
        byte[] bytes = Arrays.copyOf(signed.bytes(), signed.bytes().length);
        // The last byte of the header's data store: the header still parses, only its content changed.
        bytes[(int) good.headerEnd() - 1] ^= 0x01;

        assertThatThrownBy(() -> keys(key).verify(RpmHeaders.read(bytes, signed.fileName())))
                .isInstanceOf(RpmFormatException.class)
                .hasMessageContaining("the header signature of " + signed.fileName())
                .hasMessageContaining("does not verify");
    }

    @Test
    void anUnsignedPackageFailsWhenKeysAreGiven() {
        assertThatThrownBy(() -> keys(key).verify(RpmHeaders.read(unsigned.bytes(), unsigned.fileName())))
                .isInstanceOf(RpmFormatException.class)
                .hasMessageContaining(unsigned.fileName() + " carries no header signature")
                .hasMessageContaining("RPM-GPG-KEY-test-0");
    }

    @Test
    void aPackageSignedByAnotherKeyFailsNamingTheKey() {
        assertThatThrownBy(() -> keys(otherKey).verify(RpmHeaders.read(signed.bytes(), signed.fileName())))
                .isInstanceOf(RpmFormatException.class)
                .hasMessageMatching("the header of " + signed.fileName().replace(".", "\\.")
                        + " is signed by key [0-9A-F]+, which none of the given key files \\(RPM-GPG-KEY-test-0\\) holds");
    }

    @Test
    void aKeyFileWithoutAKeyIsRefusedByName() {
        assertThatThrownBy(() -> HeaderSignatures.fromArmoredKeys(Map.of("RPM-GPG-KEY-broken", "<html>".getBytes(StandardCharsets.US_ASCII))))
                .isInstanceOf(RpmFormatException.class)
                .hasMessageContaining("the key file RPM-GPG-KEY-broken holds no '-----BEGIN PGP PUBLIC KEY BLOCK-----'");
        String damaged = "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nAAAA\n-----END PGP PUBLIC KEY BLOCK-----\n";
        assertThatThrownBy(() -> HeaderSignatures.fromArmoredKeys(Map.of("RPM-GPG-KEY-damaged", damaged.getBytes(StandardCharsets.US_ASCII))))
                .isInstanceOf(RpmFormatException.class)
                .hasMessageContaining("the key file RPM-GPG-KEY-damaged");
    }
}
