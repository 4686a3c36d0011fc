package dev.lazybuild.fetch.http;

import dev.lazybuild.fetch.ClientTls;
import dev.lazybuild.fetch.LazybuildException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.HttpsSupport;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.core5.reactor.ssl.SSLBufferMode;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * The TLS of one {@link ClientTls}, as Hermeto's {@code _get_ssl_context} makes it: the JVM's
 * default trust plus the CA bundle, the client certificate and key when given, and with
 * {@code verify} off neither the certificate nor the host name checked.
 *
 * <p>The PEM files are read with Bouncy Castle: the JDK reads PEM certificates but no PEM
 * private key, and an entitlement's {@code <serial>-key.pem} is PKCS#1 ({@code RSA PRIVATE
 * KEY}). Only {@code CERTIFICATE} blocks of a certificate file count, because an
 * entitlement's certificate file also holds {@code ENTITLEMENT DATA} and {@code RSA
 * SIGNATURE} blocks.
 */
public final class ClientTlsStrategy {
    private ClientTlsStrategy() { }

    /**
     * Reads {@code tls}'s files now, so a certificate or key that cannot be used is one error
     * before any work, not a failure of every download.
     *
     * @throws LazybuildException (CONFIG) naming the file
     */
    public static void check(ClientTls tls) {
        of(tls, new CertificateRequests());
    }

    /**
     * The JVM's defaults (its trust store, honouring {@code javax.net.ssl.trustStore}), with no
     * client key but one that notes the servers asking for one. A JVM given a key store by
     * {@code javax.net.ssl.keyStore} keeps Java's own default context, client key included.
     */
    static DefaultClientTlsStrategy systemDefault(CertificateRequests requests) {
        if (System.getProperty("javax.net.ssl.keyStore") != null) {
            return DefaultClientTlsStrategy.createSystemDefault();
        }
        try {
            // As createSystemDefault, with its context's key manager noting requests: https.protocols
            // and https.cipherSuites still apply.
            return new DefaultClientTlsStrategy(context(requests.noting(keyManagers(null, null)), null),
                    HttpsSupport.getSystemProtocols(), HttpsSupport.getSystemCipherSuits(), SSLBufferMode.STATIC,
                    HostnameVerificationPolicy.BOTH, HttpsSupport.getDefaultHostnameVerifier());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("the JVM cannot set up TLS: " + e, e);
        }
    }

    /**
     * @throws LazybuildException (CONFIG) naming the file when one cannot be read or holds no
     *         usable certificate or key
     */
    static DefaultClientTlsStrategy of(ClientTls tls, CertificateRequests requests) {
        try {
            KeyManager[] keys = requests.noting(tls.clientCert() == null ? keyManagers(null, null)
                    : keyManagers(privateKey(tls.clientKey()), certificates(tls.clientCert())));
            TrustManager[] trust = !tls.verify() ? new TrustManager[] {new TrustingEveryone()}
                    : tls.caBundle() == null ? null : trustManagers(trustStore(tls.caBundle()));
            SSLContext context = context(keys, trust);
            return tls.verify() ? new DefaultClientTlsStrategy(context)
                    : new DefaultClientTlsStrategy(context, HostnameVerificationPolicy.CLIENT, NoopHostnameVerifier.INSTANCE);
        } catch (GeneralSecurityException | IOException e) {
            throw new LazybuildException(LazybuildException.Kind.CONFIG, "cannot set up TLS with " + tls.describe()
                    + ": " + e.getMessage(), e);
        }
    }

    /** null trust managers: the JVM's default trust. */
    private static SSLContext context(KeyManager[] keys, TrustManager[] trust) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys, trust, new SecureRandom());
        return context;
    }

    /** A key manager holding {@code key} with its chain, or none when {@code key} is null. */
    private static KeyManager[] keyManagers(PrivateKey key, List<X509Certificate> chain)
            throws GeneralSecurityException, IOException {
        char[] password = new char[0];
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        if (key != null) {
            store.setKeyEntry("client", key, password, chain.toArray(Certificate[]::new));
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, password);
        return factory.getKeyManagers();
    }

    private static TrustManager[] trustManagers(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }

    /** Hermeto's {@code ssl_verify: false} (CERT_NONE): every server certificate is accepted. */
    private static final class TrustingEveryone implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) { }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) { }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** The JVM's trusted CAs and the bundle's: Python's load_verify_locations adds to the defaults. */
    private static KeyStore trustStore(Path caBundle) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        defaults.init((KeyStore) null);
        int n = 0;
        for (TrustManager manager : defaults.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                for (X509Certificate ca : x509.getAcceptedIssuers()) {
                    store.setCertificateEntry("jvm-" + n++, ca);
                }
            }
        }
        for (X509Certificate ca : certificates(caBundle)) {
            store.setCertificateEntry("bundle-" + n++, ca);
        }
        return store;
    }

    /** The CERTIFICATE blocks of a PEM file, in order; other blocks are skipped. */
    static List<X509Certificate> certificates(Path file) throws IOException {
        List<X509Certificate> out = new ArrayList<>();
        try {
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            for (PemObject block : blocks(file)) {
                if (block.getType().equals("CERTIFICATE") || block.getType().equals("X509 CERTIFICATE")) {
                    out.add((X509Certificate) x509.generateCertificate(new java.io.ByteArrayInputStream(block.getContent())));
                }
            }
        } catch (java.security.cert.CertificateException e) {
            throw new IOException(file + ": not a valid PEM certificate: " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new IOException(file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return out;
    }

    /** The first private key of a PEM file: PKCS#1, SEC1 or PKCS#8, not encrypted. */
    static PrivateKey privateKey(Path file) throws IOException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        for (PemObject block : blocks(file)) {
            if (!block.getType().endsWith("PRIVATE KEY")) {
                continue;
            }
            Object key;
            try (PEMParser parser = new PEMParser(new StringReader(text(block)))) {
                key = parser.readObject();
            } catch (IOException | RuntimeException e) {
                throw new IOException(file + ": the " + block.getType() + " cannot be read: " + e.getMessage(), e);
            }
            if (key instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            if (key instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (key instanceof PEMEncryptedKeyPair || key instanceof PKCS8EncryptedPrivateKeyInfo) {
                throw new IOException(file + ": the private key is encrypted; give it unencrypted "
                        + "(openssl pkey -in " + file + " -out KEY.pem), readable only by you");
            }
        }
        throw new IOException(file + " holds no PEM private key (-----BEGIN ... PRIVATE KEY-----)");
    }

    private static List<PemObject> blocks(Path file) throws IOException {
        List<PemObject> out = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PemReader pem = new PemReader(in)) {
            for (PemObject block; (block = pem.readPemObject()) != null; ) {
                out.add(block);
            }
        } catch (java.nio.charset.MalformedInputException e) {
            throw new IOException(file + " is not a PEM file (it is not ASCII text)", e);
        }
        return out;
    }

    private static String text(PemObject block) throws IOException {
        StringWriter s = new StringWriter();
        try (PemWriter w = new PemWriter(s)) {
            w.writeObject(block);
        }
        return s.toString();
    }
}
