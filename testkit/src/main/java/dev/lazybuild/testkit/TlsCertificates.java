package dev.lazybuild.testkit;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Throw-away certificates for a TLS upstream, made in the test with Bouncy Castle: a CA, a
 * server certificate for 127.0.0.1 and a client certificate the server accepts, written as PEM
 * files laid out like a subscribed host's {@code /etc/pki/entitlement}: {@code <serial>.pem}
 * (the certificate, followed by an {@code ENTITLEMENT DATA} block as real entitlements carry)
 * and {@code <serial>-key.pem} (a PKCS#1 {@code RSA PRIVATE KEY}), with the CA in {@code ca.pem}
 * beside the directory. {@link #stranger()} is a client certificate of another CA.
 */
public final class TlsCertificates {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final Path dir;
    private final KeyPair caKeys;
    private final X509Certificate ca;
    private final KeyPair serverKeys;
    private final X509Certificate server;

    private TlsCertificates(Path dir, KeyPair caKeys, X509Certificate ca, KeyPair serverKeys, X509Certificate server) {
        this.dir = dir;
        this.caKeys = caKeys;
        this.ca = ca;
        this.serverKeys = serverKeys;
        this.server = server;
    }

    /** A CA and its server certificate, with the client certificate written under {@code dir/entitlement}. */
    public static TlsCertificates create(Path dir) {
        try {
            KeyPair caKeys = rsa();
            X509Certificate ca = certificate("CN=lazybuild test CA", caKeys, "CN=lazybuild test CA", caKeys, true, null);
            KeyPair serverKeys = rsa();
            X509Certificate server = certificate("CN=127.0.0.1", serverKeys, "CN=lazybuild test CA", caKeys, false,
                    new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
            TlsCertificates certs = new TlsCertificates(dir, caKeys, ca, serverKeys, server);
            Files.createDirectories(dir.resolve("entitlement"));
            Files.writeString(dir.resolve("ca.pem"), pem(ca));
            certs.writeClient(dir.resolve("entitlement"), caKeys, "CN=lazybuild test CA");
            return certs;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot make test certificates: " + e, e);
        }
    }

    /** The directory holding the client certificate and key, as {@code /etc/pki/entitlement} holds them. */
    public Path entitlement() {
        return dir.resolve("entitlement");
    }

    public Path clientCert() {
        return entitlement().resolve("4242.pem");
    }

    public Path clientKey() {
        return entitlement().resolve("4242-key.pem");
    }

    /** The CA that signed the server's and the client's certificates. */
    public Path caBundle() {
        return dir.resolve("ca.pem");
    }

    /** A client certificate and key of another CA, which the server refuses: {@code dir/stranger/4242{,-key}.pem}. */
    public Path stranger() {
        Path other = dir.resolve("stranger");
        try {
            if (!Files.isDirectory(other)) {
                Files.createDirectories(other);
                writeClient(other, rsa(), "CN=someone else's CA");
            }
            return other;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot make a stranger's certificate: " + e, e);
        }
    }

    /** The server's TLS: its certificate, and the CA that client certificates must chain to. */
    public SSLContext serverContext() {
        try {
            char[] password = "test".toCharArray();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("server", serverKeys.getPrivate(), password, new X509Certificate[] {server, ca});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot make the server's TLS context: " + e, e);
        }
    }

    private void writeClient(Path into, KeyPair issuerKeys, String issuer) throws GeneralSecurityException, IOException {
        KeyPair keys = rsa();
        X509Certificate cert = certificate("CN=lazybuild test client", keys, issuer, issuerKeys, false, null);
        Files.writeString(into.resolve("4242.pem"), pem(cert)
                + "-----BEGIN ENTITLEMENT DATA-----\nbGF6eWJ1aWxkIHRlc3Q=\n-----END ENTITLEMENT DATA-----\n");
        Files.writeString(into.resolve("4242-key.pem"), pem(keys.getPrivate()));
    }

    private static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    private static X509Certificate certificate(String subject, KeyPair keys, String issuer, KeyPair issuerKeys,
            boolean isCa, GeneralNames names) throws GeneralSecurityException, IOException {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(2))), new X500Name(subject), keys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        if (names != null) {
            b.addExtension(Extension.subjectAlternativeName, false, names);
        }
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate())));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /** PEM as openssl writes it: an RSA private key as PKCS#1 ({@code RSA PRIVATE KEY}), as entitlement keys are. */
    private static String pem(Object o) {
        StringWriter s = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(s)) {
            w.writeObject(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return s.toString();
    }
}
