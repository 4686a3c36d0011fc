package dev.lazybuild.fetch.http;

import dev.lazybuild.fetch.ClientTls;
import java.io.IOException;
import java.net.URI;

/**
 * A TLS connection that failed, explained for the user: a server that wants a client
 * certificate (an entitled repository: Red Hat's CDN) and got none or refused the one given,
 * or a server whose certificate this host does not trust, says what to set; anything else
 * keeps the JSSE message.
 */
public final class TlsFailure extends IOException {
    private static final long serialVersionUID = 1L;
    /** What to do when a server wants a client certificate and lazybuild had none to give. */
    static final String GIVE_A_CERTIFICATE = "for an entitled RPM repository give the rpm input options.ssl client_cert "
            + "and client_key (--prefetch-input), or rpm-entitlement in your lazybuild config";

    private TlsFailure(String message, IOException cause) {
        super(message, cause);
    }

    /**
     * @param tls how the connection was made, or null for the JVM's defaults
     * @param certificateAsked whether the server asked for a client certificate
     */
    static TlsFailure of(URI url, ClientTls tls, IOException e, boolean certificateAsked) {
        String jsse = e.getClass().getSimpleName() + ": " + e.getMessage();
        String server = url.getScheme() + "://" + url.getAuthority();
        if (jsse.contains("PKIX path") || jsse.contains("valid certification path") || jsse.contains("No subject alternative")
                || jsse.contains("No name matching")) {
            return new TlsFailure(server + "'s certificate is not trusted here (" + jsse + "): give the CA that signed "
                    + "it as the rpm input's options.ssl ca_bundle (or rpm-ca-bundle in your lazybuild config)", e);
        }
        if (certificateAsked || jsse.contains("certificate_required") || jsse.contains("bad_certificate")) {
            return new TlsFailure(tls != null && tls.clientCert() != null
                    ? server + " refused the client certificate " + tls.clientCert() + " (" + jsse + "): is it expired, "
                            + "or an entitlement for other content? Renew it, or name the right one in options.ssl"
                    : server + " asks for a client certificate and got none (" + jsse + "): " + GIVE_A_CERTIFICATE, e);
        }
        return new TlsFailure("TLS with " + server + (tls == null ? "" : " (" + tls.describe() + ")") + " failed: " + jsse, e);
    }
}
