package dev.lazybuild.fetch.http;

import static dev.lazybuild.fetch.store.StoreFiles.randomBytes;
import static dev.lazybuild.fetch.store.StoreFiles.remote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lazybuild.fetch.ClientTls;
import dev.lazybuild.fetch.FetchException;
import dev.lazybuild.fetch.LazybuildException;
import dev.lazybuild.fetch.RemoteFile;
import dev.lazybuild.fetch.store.ContentStore;
import dev.lazybuild.testkit.TlsCertificates;
import dev.lazybuild.testkit.UpstreamServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An rpm input's options.ssl against a real TLS server on 127.0.0.1 that wants a client certificate. */
class ClientTlsTest {
    /** Made once: RSA keys take seconds on a busy machine. */
    @TempDir
    static Path pki;
    private static TlsCertificates certs;

    @TempDir
    Path work;

    private UpstreamServer cdn;
    private HttpUpstream http;

    @BeforeAll
    static void certificates() {
        certs = TlsCertificates.create(pki);
    }

    @BeforeEach
    void start() {
        cdn = UpstreamServer.startTls(certs, true);
        http = new HttpUpstream(4, Map.of());
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
        cdn.close();
    }

    private ClientTls entitlement() {
        return new ClientTls(certs.clientCert(), certs.clientKey(), certs.caBundle(), true);
    }

    private ContentStore store(MirrorRules mirrors) {
        return ContentStore.builder(work.resolve("cache")).then(new UpstreamSource(http, mirrors, 4)).build();
    }

    @Test
    void withTheEntitlementTheServerServesTheFileWholeAndByRange() throws Exception {
        byte[] rpm = randomBytes(50_000, 7);
        RemoteFile file = remote(cdn.put("/content/a.rpm", rpm), rpm).withTls(entitlement());

        assertThat(Files.readAllBytes(store(MirrorRules.NONE).fetch(file))).isEqualTo(rpm);
        UpstreamSource upstream = new UpstreamSource(http);
        assertThat(upstream.read(file, 100, 200)).isEqualTo(Arrays.copyOfRange(rpm, 100, 300));
        assertThat(cdn.requests()).extracting(UpstreamServer.Request::range).containsExactly(null, "bytes=100-299");
    }

    @Test
    void withoutACertificateTheErrorNamesTheUrlAndWhatToDo() {
        byte[] rpm = randomBytes(1000, 8);
        URI url = cdn.put("/content/b.rpm", rpm);
        RemoteFile file = remote(url, rpm).withTls(new ClientTls(null, null, certs.caBundle(), true));

        assertThatThrownBy(() -> store(MirrorRules.NONE).fetch(file))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining(url.toString())
                .hasMessageContaining("asks for a client certificate and got none")
                .hasMessageContaining("options.ssl client_cert and client_key")
                .hasMessageContaining("rpm-entitlement")
                .message().doesNotContain("\n");
        assertThat(cdn.requests()).as("no request gets past the handshake").isEmpty();
    }

    @Test
    void aCertificateOfAnotherCaIsRefusedAndTheMessageSaysWhichOne() {
        byte[] rpm = randomBytes(1000, 9);
        URI url = cdn.put("/content/c.rpm", rpm);
        Path stranger = certs.stranger();
        RemoteFile file = remote(url, rpm).withTls(new ClientTls(stranger.resolve("4242.pem"),
                stranger.resolve("4242-key.pem"), certs.caBundle(), true));

        assertThatThrownBy(() -> store(MirrorRules.NONE).fetch(file))
                .hasMessageContaining(url.toString())
                .hasMessageContaining("refused the client certificate " + stranger.resolve("4242.pem"));
    }

    @Test
    void aServerNoTrustedCaVouchesForIsRefusedUnlessSslVerifyIsOff() throws Exception {
        byte[] rpm = randomBytes(1000, 10);
        URI url = cdn.put("/content/d.rpm", rpm);
        RemoteFile untrusted = remote(url, rpm).withTls(new ClientTls(certs.clientCert(), certs.clientKey(), null, true));

        assertThatThrownBy(() -> store(MirrorRules.NONE).fetch(untrusted))
                .hasMessageContaining("https://127.0.0.1:" + cdn.port() + "'s certificate is not trusted here")
                .hasMessageContaining("ca_bundle");

        RemoteFile unverified = untrusted.withTls(new ClientTls(certs.clientCert(), certs.clientKey(), null, false));
        assertThat(Files.readAllBytes(store(MirrorRules.NONE).fetch(unverified))).isEqualTo(rpm);
    }

    /**
     * The attack: a build context's lazybuild.toml may name mirrors; a mirror of the entitled
     * URL must never be shown the certificate. The mirror here wants one too, so it serves
     * nothing, and the file comes from the lockfile's own URL.
     */
    @Test
    void aMirrorIsNeverShownTheClientCertificate() throws Exception {
        byte[] rpm = randomBytes(2000, 11);
        URI url = cdn.put("/content/e.rpm", rpm);
        try (UpstreamServer mirror = UpstreamServer.startTls(certs, true)) {
            mirror.put("/mirror/content/e.rpm", rpm);
            MirrorRules rules = new MirrorRules(Map.of(cdn.url("/").toString(), mirror.url("/mirror/").toString()));
            RemoteFile file = remote(url, rpm).withTls(entitlement());

            assertThat(Files.readAllBytes(store(rules).fetch(file))).isEqualTo(rpm);
            assertThat(mirror.requests()).as("the mirror saw no request: without a certificate its handshake failed")
                    .isEmpty();
            assertThat(cdn.gets("/content/e.rpm")).isEqualTo(1);
        }
    }

    @Test
    void aKeyFileWithoutAKeyIsOneErrorNamingIt() throws Exception {
        Path notAKey = Files.writeString(work.resolve("key.pem"), "hello\n");
        byte[] rpm = randomBytes(100, 12);
        RemoteFile file = remote(cdn.put("/content/f.rpm", rpm), rpm)
                .withTls(new ClientTls(certs.clientCert(), notAKey, certs.caBundle(), true));

        assertThatThrownBy(() -> http.withTls(file.tls()).size(file.urls().get(0)))
                .isInstanceOf(LazybuildException.class)
                .hasMessageContaining(notAKey + " holds no PEM private key");
    }

    @Test
    void pkcs8AndPkcs1KeysAreBothRead() throws Exception {
        assertThat(Files.readString(certs.clientKey())).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        var pkcs1 = ClientTlsStrategy.privateKey(certs.clientKey());
        String pkcs8 = "-----BEGIN PRIVATE KEY-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pkcs1.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Path file = Files.writeString(work.resolve("pkcs8.pem"), pkcs8);

        assertThat(ClientTlsStrategy.privateKey(file).getEncoded()).isEqualTo(pkcs1.getEncoded());
    }
}
