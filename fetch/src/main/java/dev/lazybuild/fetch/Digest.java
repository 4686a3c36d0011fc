package dev.lazybuild.fetch;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A content digest as a lockfile states it. Lockfiles use different notations
 * ({@code sha256:hex} in rpms.lock.yaml and artifacts.lock.yaml, a bare hex value in
 * pylock.toml, SRI {@code sha512-base64} in package-lock.json); all become one value whose
 * {@link #storeKey()} names the file in the content-addressed store.
 */
public record Digest(Algorithm algorithm, String hex) {

    /** Algorithms lockfiles use, strongest first (the order in which an SRI list is read). */
    public enum Algorithm {
        SHA512("SHA-512", 64), SHA384("SHA-384", 48), SHA256("SHA-256", 32), SHA1("SHA-1", 20), MD5("MD5", 16);

        private final String jcaName;
        private final int bytes;

        Algorithm(String jcaName, int bytes) {
            this.jcaName = jcaName;
            this.bytes = bytes;
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public MessageDigest newHasher() {
            try {
                return MessageDigest.getInstance(jcaName);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JVM lacks " + jcaName, e);
            }
        }

        /** Parses a lockfile's algorithm label ({@code sha256}, {@code SHA-256}); null when unknown. */
        public static Algorithm fromLabel(String label) {
            String l = label.toLowerCase(Locale.ROOT).replace("-", "");
            for (Algorithm a : values()) {
                if (a.label().equals(l)) {
                    return a;
                }
            }
            return null;
        }
    }

    public Digest {
        if (algorithm == null || hex == null) {
            throw new IllegalArgumentException("digest needs an algorithm and a value");
        }
        hex = hex.toLowerCase(Locale.ROOT);
        if (hex.length() != algorithm.bytes * 2 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException(
                    "not a " + algorithm.label() + " digest (" + algorithm.bytes * 2 + " hex digits): " + hex);
        }
    }

    /** What {@code content} hashes to with {@code algorithm}. */
    public static Digest of(Algorithm algorithm, byte[] content) {
        return new Digest(algorithm, HexFormat.of().formatHex(algorithm.newHasher().digest(content)));
    }

    public static Digest sha256(String hex) {
        return new Digest(Algorithm.SHA256, hex);
    }

    /** {@code algo:hex}, as in rpms.lock.yaml and artifacts.lock.yaml. */
    public static Digest parsePrefixed(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("expected <algorithm>:<hex>, got '" + text + "'");
        }
        Algorithm a = Algorithm.fromLabel(text.substring(0, colon));
        if (a == null) {
            throw new IllegalArgumentException("unknown digest algorithm '" + text.substring(0, colon) + "'");
        }
        return new Digest(a, text.substring(colon + 1));
    }

    /**
     * A Subresource Integrity string as npm writes it: one or more {@code algo-base64}
     * separated by spaces. The strongest algorithm we know wins.
     */
    public static Digest parseSri(String sri) {
        Digest best = null;
        for (String part : sri.trim().split("\\s+")) {
            int dash = part.indexOf('-');
            if (dash <= 0) {
                continue;
            }
            Algorithm a = Algorithm.fromLabel(part.substring(0, dash));
            if (a == null) {
                continue;
            }
            String b64 = part.substring(dash + 1);
            int q = b64.indexOf('?'); // SRI allows options after '?'
            if (q >= 0) {
                b64 = b64.substring(0, q);
            }
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(b64);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("integrity value is not base64: '" + part + "'", e);
            }
            Digest d = new Digest(a, HexFormat.of().formatHex(raw));
            if (best == null || a.ordinal() < best.algorithm.ordinal()) {
                best = d;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("no supported algorithm in integrity '" + sri + "'");
        }
        return best;
    }

    /** Relative path of this content in the store: {@code sha256/ab/abcdef...}. */
    public String storeKey() {
        return algorithm.label() + "/" + hex.substring(0, 2) + "/" + hex;
    }

    @Override
    public String toString() {
        return algorithm.label() + ":" + hex;
    }
}
