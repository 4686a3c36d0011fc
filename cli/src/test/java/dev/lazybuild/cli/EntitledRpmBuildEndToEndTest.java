package dev.lazybuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.testkit.BaseImage;
import dev.lazybuild.testkit.Podman;
import dev.lazybuild.testkit.RpmLockWriter;
import dev.lazybuild.testkit.Rpms;
import dev.lazybuild.testkit.TlsCertificates;
import dev.lazybuild.testkit.UpstreamServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A real podman build whose dnf installs a signed RPM from a CDN that wants an entitlement
 * (a TLS server on 127.0.0.1 requiring a client certificate): the header read for the repodata
 * and the whole RPM dnf opens through the mount both present the user's entitlement.
 */
class EntitledRpmBuildEndToEndTest extends SignedRpmBuildEndToEnd {
    @Test
    void dnfInstallsAnEntitledRpmFetchedWithTheUsersEntitlement() throws Exception {
        TlsCertificates certs = TlsCertificates.create(work.resolve("pki"));
        Rpms.Rpm rpm = key.sign(Rpms.build("lazyentitled", "1.0", "noarch", "entitled", List.of()));
        try (UpstreamServer cdn = UpstreamServer.startTls(certs, true)) {
            URI url = cdn.put("/content/dist/" + rpm.fileName(), rpm.bytes());
            Path context = Files.createDirectories(work.resolve("context"));
            Files.writeString(context.resolve("rpms.lock.yaml"), new RpmLockWriter()
                    .rpm("x86_64", "rhel-9-appstream", url, rpm.bytes().length, UpstreamServer.sha256(rpm.bytes()),
                            "lazyentitled", "1.0-1")
                    .toYaml());
            Files.writeString(context.resolve("RPM-GPG-KEY-lazybuild-tests"), key.publicKey());
            Files.writeString(context.resolve("Dockerfile"), "FROM " + BaseImage.NAME + "\n"
                    + "COPY RPM-GPG-KEY-lazybuild-tests /tmp/\n"
                    + "RUN rpm --import /tmp/RPM-GPG-KEY-lazybuild-tests && dnf install -y lazyentitled"
                    + " && cat /usr/share/lazybuild/lazyentitled\n");
            Path config = Files.writeString(work.resolve("config.toml"), "rpm-ca-bundle = \"" + certs.caBundle() + "\"\n");

            CliRunner r = CliRunner.run("build", "--config", config.toString(), "--rpm-entitlement",
                    certs.entitlement().toString(), "--cache-dir", work.resolve("cache").toString(), "--no-fetch-ahead",
                    "--runtime", "runc", "--no-cache", "--platform", "linux/amd64", "-t", image, context.toString());

            assertThat(r.status()).as(r.toString()).isZero();
            assertThat(Podman.runIn(image, "rpm -q lazyentitled")).contains("lazyentitled-1.0-1.noarch");
            assertThat(cdn.requests()).extracting(UpstreamServer.Request::range)
                    .as("a ranged read of the header for the repodata, then the whole RPM dnf opened")
                    .containsExactly("bytes=0-65535", null);
            assertThat(PipBuildEndToEndTest.leftoverMounts()).isEmpty();
        }
    }
}
