package dev.lazybuild.fetch.http;

import static dev.lazybuild.fetch.store.StoreFiles.randomBytes;
import static dev.lazybuild.fetch.store.StoreFiles.remote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lazybuild.fetch.FetchException;
import dev.lazybuild.fetch.store.ContentStore;
import dev.lazybuild.testkit.UpstreamServer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpUpstreamTest {
    @TempDir
    Path work;

    private UpstreamServer server;

    @BeforeEach
    void start() {
        server = UpstreamServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void credentialsFromNetrcOpenAServerThatRequiresBasicAuth() throws Exception {
        byte[] content = randomBytes(3000, 1);
        URI url = server.put("/private/a.whl", content);
        server.requireBasicAuth("builder", "s3cret-token");
        Path netrc = Files.writeString(work.resolve("netrc"),
                "machine example.org login other password nope\n"
                        + "machine 127.0.0.1\n  login builder\n  password s3cret-token\n");

        try (HttpUpstream http = new HttpUpstream(4, Map.of("NETRC", netrc.toString()))) {
            ContentStore store = ContentStore.builder(work.resolve("cache")).then(new UpstreamSource(http)).build();
            assertThat(Files.readAllBytes(store.fetch(remote(url, content)))).isEqualTo(content);
        }
        assertThat(server.gets("/private/a.whl")).as("sent at once, no challenge round trip").isEqualTo(1);
    }

    @Test
    void withoutCredentialsTheFailureNamesTheStatusAndNeverAPassword() throws Exception {
        byte[] content = randomBytes(3000, 2);
        URI url = server.put("/private/b.whl", content);
        server.requireBasicAuth("builder", "s3cret-token");
        Path netrc = Files.writeString(work.resolve("netrc"), "machine 127.0.0.1 login builder password wrong-token\n");

        try (HttpUpstream http = new HttpUpstream(4, Map.of("NETRC", netrc.toString()))) {
            ContentStore store = ContentStore.builder(work.resolve("cache")).then(new UpstreamSource(http)).build();
            assertThatThrownBy(() -> store.fetch(remote(url, content)))
                    .isInstanceOf(FetchException.class)
                    .hasMessageContaining("HTTP 401 from " + url)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong-token").doesNotContain("s3cret"));
        }
    }

    @Test
    void httpProxyFromTheEnvironmentCarriesTheRequest() throws Exception {
        byte[] content = randomBytes(2000, 3);
        try (UpstreamServer proxy = UpstreamServer.start()) {
            // The proxy answers for a host that does not resolve: only a proxied request can succeed.
            proxy.put("/simple/c.whl", content);
            URI unreachable = URI.create("http://files.pythonhosted.invalid/simple/c.whl");
            try (HttpUpstream http = new HttpUpstream(4, Map.of("HTTP_PROXY", "http://127.0.0.1:" + proxy.port()))) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                http.download(unreachable, 0, out);
                assertThat(out.toByteArray()).isEqualTo(content);
            }
            assertThat(proxy.gets("/simple/c.whl")).isEqualTo(1);
        }
    }

    @Test
    void noProxyHostsAreReachedDirectly() throws Exception {
        byte[] content = randomBytes(2000, 4);
        URI url = server.put("/d.whl", content);
        // The proxy port is closed: going through it would fail.
        Map<String, String> env = Map.of("http_proxy", "http://127.0.0.1:9", "NO_PROXY", "localhost,127.0.0.1");
        try (HttpUpstream http = new HttpUpstream(4, env)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            http.download(url, 0, out);
            assertThat(out.toByteArray()).isEqualTo(content);
        }
    }

    @Test
    void netrcDefaultEntryAndMacrosAreRead() {
        Netrc n = Netrc.parse("# comment\nmacdef init\ncd /pub\nmachine x.org login a password b\n\n"
                + "machine mirror.example login u password p account acct\ndefault login anon password guest\n");
        assertThat(n.forHost("MIRROR.example")).hasValueSatisfying(l -> assertThat(l.user()).isEqualTo("u"));
        assertThat(n.forHost("other.example")).hasValueSatisfying(l -> assertThat(l.password()).isEqualTo("guest"));
        assertThat(n.forHost("mirror.example").orElseThrow().toString()).doesNotContain("p\"").isEqualTo("u:***");
    }

    @Test
    void noProxyMatchesDomainSuffixesAndStar() {
        ProxyEnvironment env = new ProxyEnvironment(Map.of("HTTPS_PROXY", "proxy.corp:3128", "NO_PROXY", ".corp.example, internal"));
        assertThat(env.proxyFor("https", "files.pythonhosted.org")).contains(URI.create("http://proxy.corp:3128"));
        assertThat(env.proxyFor("https", "nexus.corp.example")).isEmpty();
        assertThat(env.proxyFor("https", "internal")).isEmpty();
        assertThat(env.proxyFor("http", "files.pythonhosted.org")).as("https_proxy is for https only").isEmpty();
        assertThat(new ProxyEnvironment(Map.of("ALL_PROXY", "http://p:1", "no_proxy", "*")).proxyFor("http", "a.b")).isEmpty();
    }
}
