package dev.lazybuild.fetch;

import java.nio.file.Path;

/**
 * How a file's own URLs are fetched over TLS when the JVM's defaults are not enough: Hermeto's
 * rpm {@code options.ssl} (an entitlement certificate for Red Hat's CDN, a private CA). The
 * paths name files on this host, so only the user's side may choose them (their config, their
 * command line), never a build context: see the cli's input wiring.
 *
 * @param clientCert the PEM client certificate (chain) presented to the server, or null
 * @param clientKey its PEM private key (PKCS#1, SEC1 or PKCS#8, unencrypted), or null; given exactly with {@code clientCert}
 * @param caBundle PEM CA certificates trusted besides the JVM's own (as Python's
 *        {@code load_verify_locations} adds to the default context), or null
 * @param verify false: the server's certificate and host name are not checked (Hermeto's
 *        {@code ssl_verify: false}, for testing only); the digest still pins every byte stored
 */
public record ClientTls(Path clientCert, Path clientKey, Path caBundle, boolean verify) {
    public ClientTls {
        if ((clientCert == null) != (clientKey == null)) {
            throw new IllegalArgumentException("a client certificate and its key are given together, not "
                    + clientCert + " and " + clientKey);
        }
    }

    /** For messages: which certificate, which CA bundle, whether verification is off. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        if (clientCert != null) {
            s.append("client certificate ").append(clientCert);
        }
        if (caBundle != null) {
            s.append(s.isEmpty() ? "" : ", ").append("CA bundle ").append(caBundle);
        }
        if (!verify) {
            s.append(s.isEmpty() ? "" : ", ").append("no server verification");
        }
        return s.isEmpty() ? "default TLS" : s.toString();
    }
}
