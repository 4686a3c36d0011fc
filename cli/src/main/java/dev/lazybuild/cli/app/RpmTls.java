package dev.lazybuild.cli.app;

import dev.lazybuild.fetch.ClientTls;
import dev.lazybuild.fetch.LazybuildException;
import dev.lazybuild.fetch.http.ClientTlsStrategy;
import dev.lazybuild.vfs.input.InputException;
import dev.lazybuild.vfs.input.PackageInput;
import dev.lazybuild.vfs.konflux.BuildInputs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The TLS each rpms.lock.yaml's files are fetched with (headers and whole RPMs alike):
 * Hermeto's {@code options.ssl} of its rpm input, and over it the entitlement of
 * {@code rpm-entitlement}, which, as konflux-build-cli injects the build's entitlement into
 * every rpm input, applies to every rpms.lock.yaml of the build, its certificate, key and CA
 * bundle winning over the input's ({@code ssl_verify} stays the input's).
 *
 * <p>{@code options.ssl} names files on this host that are shown to servers (a client key, a
 * CA to trust). Only the user's side may name them: {@code --prefetch-input} and
 * {@code prefetch-input} in the user's own config. An input from the build context (its
 * lazybuild.toml, a .tekton PipelineRun) was written by whoever wrote the repository, so its
 * {@code options.ssl} is ignored, with one warning naming the file.
 *
 * @param entitlement what {@code rpm-entitlement} gives, or null
 * @param inputsTrusted whether the inputs' {@code options.ssl} may be used
 */
public record RpmTls(ClientTls entitlement, boolean inputsTrusted) {
    /** No entitlement; options.ssl of inputs from the user's side is used. */
    public static final RpmTls INPUTS_ONLY = new RpmTls(null, true);
    /** Where subscription-manager keeps the CA of Red Hat's CDN; konflux-build-cli names it as ca_bundle. */
    public static final Path RHSM_CA = Path.of("/etc/rhsm/ca/redhat-uep.pem");

    /**
     * The entitlement of a directory laid out as a subscribed host's {@code /etc/pki/entitlement}:
     * one {@code <serial>.pem} certificate and its {@code <serial>-key.pem}, as konflux-build-cli
     * finds them.
     *
     * @param caBundle the CA of the servers, or null for {@link #RHSM_CA} when it exists, else the JVM's trust
     * @param where the setting's name for messages ({@code --rpm-entitlement}, a config file's key)
     */
    public static ClientTls entitlement(Path dir, Path caBundle, String where) {
        List<Path> pems;
        try (Stream<Path> files = Files.list(dir)) {
            pems = files.filter(p -> p.getFileName().toString().endsWith(".pem")).sorted().toList();
        } catch (IOException e) {
            throw new LazybuildException(LazybuildException.Kind.CONFIG, where + ": cannot read the entitlement directory "
                    + dir + ": " + e.getMessage(), e);
        }
        List<Path> keys = pems.stream().filter(p -> p.getFileName().toString().endsWith("-key.pem")).toList();
        List<Path> certs = pems.stream().filter(p -> !keys.contains(p)).toList();
        if (keys.size() != 1 || certs.size() != 1) {
            throw new LazybuildException(LazybuildException.Kind.CONFIG, where + ": " + dir + " must hold one entitlement "
                    + "certificate <serial>.pem and its key <serial>-key.pem, as /etc/pki/entitlement does; it holds "
                    + (pems.isEmpty() ? "no .pem file" : String.join(", ", pems.stream().map(p -> p.getFileName().toString()).toList())));
        }
        Path ca = caBundle != null ? caBundle : Files.isRegularFile(RHSM_CA) ? RHSM_CA : null;
        if (ca != null && !Files.isRegularFile(ca)) {
            throw new LazybuildException(LazybuildException.Kind.CONFIG, where + ": the CA bundle " + ca
                    + " is not a regular file");
        }
        return checked(new ClientTls(certs.get(0), keys.get(0), ca, true));
    }

    /** The TLS of the files of an rpm input's lockfile. */
    public ClientTls forInput(PackageInput.Rpm input) {
        PackageInput.SslOptions ssl = inputsTrusted ? input.ssl() : null;
        if (ssl == null) {
            return entitlement;
        }
        String at = "the rpm input at path " + input.path() + ": options.ssl";
        if (entitlement != null) {
            return checked(new ClientTls(entitlement.clientCert(), entitlement.clientKey(), entitlement.caBundle() != null
                    ? entitlement.caBundle() : file(ssl.caBundle(), at + ".ca_bundle"), ssl.sslVerify()));
        }
        return checked(new ClientTls(file(ssl.clientCert(), at + ".client_cert"), file(ssl.clientKey(), at + ".client_key"),
                file(ssl.caBundle(), at + ".ca_bundle"), ssl.sslVerify()));
    }

    /** {@code tls} once its files were read: a key that is no key is one error now, not one per download. */
    private static ClientTls checked(ClientTls tls) {
        ClientTlsStrategy.check(tls);
        return tls;
    }

    /** The TLS of an rpms.lock.yaml that no input names (at the context's root, --lockfile). */
    public ClientTls forNamedLockfile() {
        return entitlement;
    }

    /**
     * The warning for inputs from the build context that carry {@code options.ssl}: one line
     * naming the file, empty when there is nothing to say.
     */
    public Optional<String> ignoredSsl(BuildInputs found) {
        if (inputsTrusted || found.input() == null || found.input().packages().stream()
                .noneMatch(p -> p instanceof PackageInput.Rpm rpm && rpm.ssl() != null)) {
            return Optional.empty();
        }
        return Optional.of(found.source().file() + ": options.ssl of its rpm inputs ignored: client certificates and "
                + "CA bundles are files on this host, which a build context may not choose; give them with "
                + "--prefetch-input, or rpm-entitlement in your own config");
    }

    /** Hermeto's check of an ssl auth file: it must be a regular file. Relative to the working directory, as Hermeto reads it. */
    private static Path file(String value, String at) {
        if (value == null) {
            return null;
        }
        Path p;
        try {
            p = Path.of(value).toAbsolutePath().normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw new InputException(at + ": '" + value + "' is not a usable path: " + e.getReason());
        }
        if (!Files.isRegularFile(p)) {
            throw new InputException(at + ": '" + value + "' is not a regular file; make sure it exists and that "
                    + "it has the right permissions");
        }
        return p;
    }
}
