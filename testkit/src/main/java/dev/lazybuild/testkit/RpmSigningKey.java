package dev.lazybuild.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A throw-away OpenPGP key in its own GNUPGHOME that signs test RPMs, so builds can keep
 * dnf's default {@code gpgcheck=1}: the Dockerfile imports {@link #publicKey()} with
 * {@code rpm --import}, as real projects import their vendors' keys.
 */
public final class RpmSigningKey implements AutoCloseable {
    private static final String USER = "lazybuild tests <tests@lazybuild.invalid>";

    private final Path home;

    private RpmSigningKey(Path home) {
        this.home = home;
    }

    public static RpmSigningKey create() {
        Prerequisites.requireProgram("gpg");
        Prerequisites.requireProgram("rpmsign");
        try {
            Path home = Files.createTempDirectory("lazybuild-gnupg",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            RpmSigningKey key = new RpmSigningKey(home);
            key.run(List.of("gpg", "--batch", "--passphrase", "", "--quick-gen-key", USER, "rsa2048", "sign", "never"));
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The ASCII-armoured public key, for {@code rpm --import}. */
    public String publicKey() {
        return run(List.of("gpg", "--batch", "--armor", "--export", "tests@lazybuild.invalid"));
    }

    /** The RPM with a signature by this key added (rpmsign). */
    public Rpms.Rpm sign(Rpms.Rpm rpm) {
        try {
            Path dir = Files.createTempDirectory(home, "sign");
            Path file = dir.resolve(rpm.fileName());
            Files.write(file, rpm.bytes());
            // rpmsign finds gpg through __gpg; Debian's rpm does not set it.
            run(List.of("rpmsign", "--addsign", "--define", "_gpg_name tests@lazybuild.invalid",
                    "--define", "__gpg /usr/bin/gpg", "--define", "_gpg_path " + home, file.toString()));
            return new Rpms.Rpm(rpm.name(), rpm.version(), rpm.arch(), rpm.fileName(), Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String run(List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(false);
        pb.environment().put("GNUPGHOME", home.toString());
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        return ExternalProgram.output(pb, java.time.Duration.ofMinutes(5));
    }

    @Override
    public void close() {
        // gpg-agent may still hold a socket in home; ask it to go, then remove the directory.
        try {
            new ProcessBuilder("gpgconf", "--homedir", home.toString(), "--kill", "gpg-agent")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (IOException | InterruptedException e) {
            // a leftover agent exits on its own when its socket disappears
        }
        try (var s = Files.walk(home)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException e) {
            // The exiting agent removes its sockets while we walk (NoSuchFileException); a temp
            // directory left behind is harmless.
        }
    }
}
