package dev.lazybuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.cli.command.ExitCode;
import dev.lazybuild.testkit.PipelineRuns;
import dev.lazybuild.testkit.Prerequisites;
import dev.lazybuild.testkit.RpmLockWriter;
import dev.lazybuild.testkit.Rpms;
import dev.lazybuild.testkit.TlsCertificates;
import dev.lazybuild.testkit.UpstreamServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An rpm input on a CDN that wants an entitlement certificate (a real TLS server on 127.0.0.1
 * that requires a client certificate): fetched with the certificate the user names, refused
 * with one clear line without it, and never with a certificate the build context names.
 */
@Tag("e2e") // rpmbuild makes the RPM whose header is read
class EntitledRepositoryTest {
    @TempDir
    static Path shared;
    private static TlsCertificates certs;
    private static Rpms.Rpm rpm;

    @TempDir
    Path work;

    private UpstreamServer cdn;
    private Path context;
    private URI url;

    @BeforeAll
    static void certificatesAndRpm() {
        Prerequisites.requireProgram("rpmbuild");
        certs = TlsCertificates.create(shared.resolve("pki"));
        rpm = Rpms.build("entitled", "1.0", "noarch", "one", List.of());
    }

    @BeforeEach
    void start() throws Exception {
        cdn = UpstreamServer.startTls(certs, true);
        url = cdn.put("/content/dist/rhel9/" + rpm.fileName(), rpm.bytes());
        context = Files.createDirectories(work.resolve("checkout"));
        Files.createDirectories(context.resolve(".git"));
        Files.createDirectories(context.resolve("rpms"));
        Files.writeString(context.resolve("rpms/rpms.lock.yaml"), new RpmLockWriter()
                .rpm("x86_64", "rhel-9-baseos", url, rpm.bytes().length, UpstreamServer.sha256(rpm.bytes()), "entitled", "1.0-1")
                .toYaml());
        Files.writeString(context.resolve("Containerfile"), "FROM scratch\n");
        Files.createDirectories(work.resolve("home"));
    }

    @AfterEach
    void stop() {
        cdn.close();
    }

    private CliRunner lazybuild(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add(context.toString());
        return CliRunner.runWith(Map.of("HOME", work.resolve("home").toString(), "NO_COLOR", "1"), all.toArray(String[]::new));
    }

    private String rpmInput(String ssl) {
        return "{\"type\": \"rpm\", \"path\": \"rpms\"" + (ssl == null ? "" : ", \"options\": {\"ssl\": " + ssl + "}") + "}";
    }

    private String ssl(Path cert, Path key, Path ca, boolean verify) {
        return "{\"client_cert\": \"" + cert + "\", \"client_key\": \"" + key + "\""
                + (ca == null ? "" : ", \"ca_bundle\": \"" + ca + "\"") + ", \"ssl_verify\": " + verify + "}";
    }

    private String cache() {
        return work.resolve("cache").toString();
    }

    @Test
    void withTheCertificateOfPrefetchInputTheHeaderAndTheWholeRpmAreFetched() {
        String input = rpmInput(ssl(certs.clientCert(), certs.clientKey(), certs.caBundle(), true));

        CliRunner headers = lazybuild("prefetch", "--rpm-only", "--platform", "linux/amd64", "--cache-dir", cache(),
                "--prefetch-input", input);
        assertThat(headers.status()).as(headers.toString()).isZero();
        assertThat(cdn.requests()).extracting(UpstreamServer.Request::range).containsExactly("bytes=0-65535");

        CliRunner whole = lazybuild("prefetch", "--platform", "linux/amd64", "--cache-dir", cache(), "--prefetch-input", input);
        assertThat(whole.status()).as(whole.toString()).isZero();
        assertThat(whole.out()).contains("prefetched 1 of 1 files");
        assertThat(cdn.wholeGets(url.getPath())).isEqualTo(1);
    }

    @Test
    void withoutACertificateTheErrorIsOneLineNamingTheUrlAndWhatToDo() {
        CliRunner r = lazybuild("prefetch", "--platform", "linux/amd64", "--cache-dir", cache(), "--prefetch-input",
                rpmInput("{\"ca_bundle\": \"" + certs.caBundle() + "\"}"));

        assertThat(r.status()).as(r.toString()).isEqualTo(ExitCode.FETCH.code());
        assertThat(r.err().lines().filter(l -> l.startsWith("lazybuild: error:")).toList()).singleElement().asString()
                .contains(url.toString())
                .contains("asks for a client certificate and got none")
                .contains("options.ssl client_cert and client_key");
        assertThat(cdn.requests()).isEmpty();
    }

    @Test
    void sslVerifyFalseFetchesFromAServerNoTrustedCaVouchesFor() {
        CliRunner r = lazybuild("prefetch", "--rpm-only", "--full", "--platform", "linux/amd64", "--cache-dir", cache(),
                "--prefetch-input", rpmInput(ssl(certs.clientCert(), certs.clientKey(), null, false)));

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(cdn.wholeGets(url.getPath())).isEqualTo(1);
    }

    @Test
    void theEntitlementOfTheUsersConfigReachesEveryRpmLockfileLikeKonflux() throws Exception {
        Path config = Files.writeString(work.resolve("home/lazybuild.toml"), "rpm-entitlement = \"" + certs.entitlement()
                + "\"\nrpm-ca-bundle = \"" + certs.caBundle() + "\"\n");
        Files.copy(context.resolve("rpms/rpms.lock.yaml"), context.resolve("rpms.lock.yaml"));

        // The lockfile at the context's root, no input at all: the entitlement applies to it too.
        CliRunner r = lazybuild("prefetch", "--rpm-only", "--full", "--config", config.toString(), "--platform",
                "linux/amd64", "--cache-dir", cache());

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(cdn.wholeGets(url.getPath())).isEqualTo(1);
    }

    @Test
    void theFlagTakesAnEntitlementDirectoryAsSubscriptionManagerLaysItOut() throws Exception {
        Path config = Files.writeString(work.resolve("home/lazybuild.toml"), "rpm-ca-bundle = \"" + certs.caBundle() + "\"\n");

        CliRunner r = lazybuild("prefetch", "--rpm-only", "--full", "--config", config.toString(), "--rpm-entitlement",
                certs.entitlement().toString(), "--platform", "linux/amd64", "--cache-dir", cache(), "--prefetch-input",
                rpmInput(null));
        assertThat(r.status()).as(r.toString()).isZero();

        CliRunner wrongDir = lazybuild("prefetch", "--rpm-entitlement", work.toString(), "--cache-dir", cache(),
                "--prefetch-input", rpmInput(null));
        assertThat(wrongDir.status()).isEqualTo(ExitCode.CONFIG.code());
        assertThat(wrongDir.err()).contains("--rpm-entitlement: " + work + " must hold one entitlement certificate");
    }

    @Test
    void aKeyThatIsNoKeyIsOneErrorNamingTheFileBeforeAnyDownload() throws Exception {
        Path notAKey = Files.writeString(work.resolve("key.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");

        CliRunner r = lazybuild("prefetch", "--platform", "linux/amd64", "--cache-dir", cache(), "--prefetch-input",
                rpmInput(ssl(certs.clientCert(), notAKey, certs.caBundle(), true)));

        assertThat(r.status()).as(r.toString()).isEqualTo(ExitCode.CONFIG.code());
        assertThat(r.err()).contains("lazybuild: error: cannot set up TLS with client certificate " + certs.clientCert())
                .contains(notAKey + " holds no PEM private key");
        assertThat(cdn.requests()).isEmpty();
    }

    /** The attack: the checkout's lazybuild.toml names the user's entitlement so its own server may see it. */
    @Test
    void optionsSslInTheContextsLazybuildTomlIsIgnoredWithOneWarning() throws Exception {
        Files.writeString(context.resolve("lazybuild.toml"), "prefetch-input = '"
                + rpmInput(ssl(certs.clientCert(), certs.clientKey(), certs.caBundle(), true)) + "'\n"
                + "rpm-entitlement = \"" + certs.entitlement() + "\"\n");

        CliRunner r = lazybuild("prefetch", "--platform", "linux/amd64", "--cache-dir", cache());

        assertThat(r.status()).as(r.toString()).isEqualTo(ExitCode.FETCH.code());
        assertThat(r.err()).contains("lazybuild: warning: " + context.resolve("lazybuild.toml")
                + ": options.ssl of its rpm inputs ignored");
        assertThat(r.err()).contains(context.resolve("lazybuild.toml") + ": 'rpm-entitlement' is not taken from a build context");
        assertThat(r.err().lines().filter(l -> l.contains("options.ssl of its rpm inputs ignored"))).hasSize(1);
        // Neither its CA bundle nor its certificate was used: the server is not trusted, nothing was asked.
        assertThat(r.err()).contains("'s certificate is not trusted here");
    }

    /** The attack: a PipelineRun of the checkout names a key path; Konflux's own injection is the user's entitlement. */
    @Test
    void optionsSslInAPipelineRunIsIgnoredWithOneWarning() throws Exception {
        Path tekton = Files.createDirectories(context.resolve(".tekton")).resolve("app-push.yaml");
        Files.writeString(tekton, PipelineRuns.yaml("app-on-push", "push", "Containerfile", ".",
                "'" + rpmInput(ssl(certs.clientCert(), certs.clientKey(), certs.caBundle(), true)) + "'", ""));

        CliRunner r = lazybuild("prefetch", "-f", context.resolve("Containerfile").toString(), "--platform", "linux/amd64",
                "--cache-dir", cache());

        assertThat(r.status()).as(r.toString()).isEqualTo(ExitCode.FETCH.code());
        assertThat(r.err()).contains("lazybuild: warning: .tekton/app-push.yaml: options.ssl of its rpm inputs ignored");
        // Neither its CA bundle nor its certificate was used: the server is not trusted, nothing was asked.
        assertThat(r.err()).contains("'s certificate is not trusted here");
        assertThat(cdn.requests()).isEmpty();
    }
}
