package dev.lazybuild.vfs.lockfile;

import java.io.IOException;
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
 * the rpm reader hashes, and its document. The one place lockfile YAML is parsed, so every
 * YAML lockfile is held to the same rules.
 *
 * @param document plain maps, lists and scalars (or null for an empty file)
 */
record LockfileYaml(byte[] bytes, Object document) {

    /** @throws LockfileException naming the file when it cannot be read or is not YAML we accept */
    static LockfileYaml read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw LockfileException.at(file, null, "cannot read: " + e.getMessage());
        }
        // SafeConstructor: plain maps, lists and scalars only, never arbitrary Java objects.
        // Duplicate keys refused: which of two 'checksum's would win is not for us to guess
        // (SnakeYAML keeps the last one by default, which hides a bad merge of the lockfile).
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
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
}
