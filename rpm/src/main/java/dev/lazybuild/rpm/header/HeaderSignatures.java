package dev.lazybuild.rpm.header;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/**
 * Verifies RPM v4 header-only signatures: the OpenPGP signature rpmsign puts in the signature
 * header (RSA and EdDSA keys in {@code RSAHEADER}, DSA keys in {@code DSAHEADER}, rpm 6 in
 * {@code OPENPGP}) over the header's bytes as they are in the file. A header that verifies
 * is the header its vendor signed, whatever server it came from; that is what lets repodata
 * be written from headers fetched apart from the rest of the package.
 */
public final class HeaderSignatures {
    private static final String ARMOR_START = "-----BEGIN PGP PUBLIC KEY BLOCK-----";

    private final List<PGPPublicKeyRing> keys;
    private final String keyNames;

    private HeaderSignatures(List<PGPPublicKeyRing> keys, String keyNames) {
        this.keys = keys;
        this.keyNames = keyNames;
    }

    /**
     * The keys of ASCII-armoured key files such as {@code RPM-GPG-KEY-redhat-release}; a file
     * may hold several key blocks, as vendors' key files do.
     *
     * @param files each file's name (for messages) and content
     */
    public static HeaderSignatures fromArmoredKeys(Map<String, byte[]> files) {
        List<PGPPublicKeyRing> rings = new ArrayList<>();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            String text = new String(file.getValue(), StandardCharsets.US_ASCII);
            int blocks = 0;
            for (int at = text.indexOf(ARMOR_START); at >= 0; at = text.indexOf(ARMOR_START, at + 1)) {
                blocks++;
                rings.addAll(readBlock(text.substring(at), file.getKey()));
            }
            if (blocks == 0) {
                throw new RpmFormatException("the key file " + file.getKey() + " holds no '" + ARMOR_START
                        + "': give an ASCII-armoured public key, as 'gpg --armor --export' writes");
            }
        }
        return new HeaderSignatures(List.copyOf(rings), String.join(", ", files.keySet()));
    }

    private static List<PGPPublicKeyRing> readBlock(String armored, String name) {
        List<PGPPublicKeyRing> rings = new ArrayList<>();
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(armored.getBytes(StandardCharsets.US_ASCII)))) {
            BcPGPObjectFactory objects = new BcPGPObjectFactory(in);
            for (Object o = objects.nextObject(); o != null; o = objects.nextObject()) {
                if (o instanceof PGPPublicKeyRing ring) {
                    rings.add(ring);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new RpmFormatException("the key file " + name + " is not a readable OpenPGP public key: " + e.getMessage(), e);
        }
        if (rings.isEmpty()) {
            throw new RpmFormatException("the key file " + name + " holds an armoured block without a public key");
        }
        return rings;
    }

    /**
     * Passes when a header-only signature of {@code rpm} verifies with one of the keys;
     * otherwise throws, saying whether the package is unsigned, signed by another key, or
     * signed by one of ours over different bytes.
     *
     * @return the signing key's id, in hex
     */
    public String verify(RpmHeaders rpm) {
        List<byte[]> packets = signaturePackets(rpm);
        if (packets.isEmpty()) {
            throw new RpmFormatException(rpm.source() + " carries no header signature, but keys are given for it ("
                    + keyNames + "): lazybuild uses only signed headers when it has keys; sign the package, or use "
                    + "--verified-repodata to index whole files");
        }
        byte[] header = rpm.headerBytes();
        List<String> unknownSigners = new ArrayList<>();
        for (byte[] packet : packets) {
            PGPSignature signature = parse(packet, rpm);
            PGPPublicKey key = keyOf(signature.getKeyID());
            String keyId = Long.toHexString(signature.getKeyID()).toUpperCase(Locale.ROOT);
            if (key == null) {
                unknownSigners.add(keyId);
                continue;
            }
            if (key.hasRevocation()) {
                throw new RpmFormatException("the header of " + rpm.source() + " is signed by key " + keyId
                        + ", which its key file revokes");
            }
            try {
                signature.init(new BcPGPContentVerifierBuilderProvider(), key);
                signature.update(header);
                if (signature.getSignatureType() == PGPSignature.BINARY_DOCUMENT && signature.verify()) {
                    return keyId;
                }
            } catch (PGPException | RuntimeException e) {
                throw new RpmFormatException("the header signature of " + rpm.source() + " by key " + keyId
                        + " cannot be checked: " + e.getMessage(), e);
            }
            throw new RpmFormatException("the header signature of " + rpm.source() + " by key " + keyId
                    + " does not verify: the header is not the one that key signed (changed on the server or in"
                    + " transit); this repodata is not used");
        }
        throw new RpmFormatException("the header of " + rpm.source() + " is signed by key " + String.join(", ", unknownSigners)
                + ", which none of the given key files (" + keyNames + ") holds");
    }

    private PGPPublicKey keyOf(long keyId) {
        for (PGPPublicKeyRing ring : keys) {
            PGPPublicKey key = ring.getPublicKey(keyId);
            if (key != null) {
                return key;
            }
        }
        return null;
    }

    private static List<byte[]> signaturePackets(RpmHeaders rpm) {
        List<byte[]> packets = new ArrayList<>();
        Header signature = rpm.signature();
        for (int tag : new int[] {RpmTag.SIG_RSA_HEADER, RpmTag.SIG_DSA_HEADER}) {
            byte[] packet = signature.binary(tag);
            if (packet != null && packet.length > 0) {
                packets.add(packet);
            }
        }
        for (String base64 : signature.strings(RpmTag.SIG_OPENPGP)) {
            try {
                packets.add(Base64.getDecoder().decode(base64));
            } catch (IllegalArgumentException e) {
                throw new RpmFormatException("the signature header of " + rpm.source() + " has an OPENPGP signature that is"
                        + " not base64: " + e.getMessage());
            }
        }
        return packets;
    }

    private static PGPSignature parse(byte[] packet, RpmHeaders rpm) {
        try {
            Object o = new BcPGPObjectFactory(packet).nextObject();
            if (o instanceof PGPSignatureList list && !list.isEmpty()) {
                return list.get(0);
            }
            throw new RpmFormatException("the signature header of " + rpm.source() + " holds a header signature that is not"
                    + " an OpenPGP signature packet");
        } catch (IOException | RuntimeException e) {
            if (e instanceof RpmFormatException r) {
                throw r;
            }
            throw new RpmFormatException("the header signature of " + rpm.source() + " cannot be read: " + e.getMessage(), e);
        }
    }
}
