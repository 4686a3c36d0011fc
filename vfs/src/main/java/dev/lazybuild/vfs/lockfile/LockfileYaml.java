package dev.lazybuild.vfs.lockfile;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A YAML lockfile (rpms.lock.yaml, artifacts.lock.yaml) as read from disk: its bytes, which
 * the rpm reader hashes, and its document. The one place lockfile YAML is parsed (the SBOM
 * reads the same files through it), so every YAML lockfile is held to the same rules.
 *
 * @param document plain maps, lists and scalars (or null for an empty file)
 */
public record LockfileYaml(byte[] bytes, Object document) {
    /**
     * The largest YAML lockfile read: 256 MiB. SnakeYAML's default (3 MiB of code points)
     * refused valid lockfiles (a real rpms.lock.yaml is 1.3 MB, one of 10,000 RPMs 4 MB);
     * this bound only keeps a hostile file from taking the heap. Checked on the bytes, which
     * are never fewer than the code points SnakeYAML counts.
     */
    static final int MAX_BYTES = 256 * 1024 * 1024;

    /** @throws LockfileException naming the file when it cannot be read or is not YAML we accept */
    public static LockfileYaml read(Path file) {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw LockfileException.at(file, null, "larger than " + MAX_BYTES / (1024 * 1024)
                        + " MiB, the most lazybuild reads from a YAML lockfile");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw LockfileException.at(file, null, "cannot read: " + e.getMessage());
        }
        // SafeConstructor: plain maps, lists and scalars only, never arbitrary Java objects.
        // Duplicate keys refused: which of two 'checksum's would win is not for us to guess
        // (SnakeYAML keeps the last one by default, which hides a bad merge of the lockfile).
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit(MAX_BYTES);
        String text;
        try {
            // Strict, as YAML must be Unicode: a lenient decoder would put U+FFFD into names.
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw LockfileException.at(file, null, "not valid UTF-8");
        }
        try {
            return new LockfileYaml(bytes, new Yaml(new SafeConstructor(options)).load(text));
        } catch (YAMLException e) {
            String message = e.getMessage() == null ? "" : e.getMessage().replaceAll("\\s*\\n\\s*", " ").trim();
            throw LockfileException.at(file, null, "not valid YAML: " + message);
        }
    }

    /**
     * A YAML integer as a long, or null when {@code value} is not an integer that fits one.
     * SnakeYAML makes a BigInteger of a larger number, whose {@code longValue()} keeps only
     * the low 64 bits: {@code size: 18446744073709551621} would read as 5.
     */
    static Long wholeNumber(Object value) {
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger b && b.bitLength() < Long.SIZE) {
            return b.longValue();
        }
        return null;
    }
}
