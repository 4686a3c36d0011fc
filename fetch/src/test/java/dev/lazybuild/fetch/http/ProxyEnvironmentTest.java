package dev.lazybuild.fetch.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lazybuild.fetch.LazybuildException;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A proxy setting that is not a URL is a configuration error that names the variable, never its password. */
class ProxyEnvironmentTest {

    @ParameterizedTest
    @ValueSource(strings = {"http://builder:pa ss w0rd@proxy.corp:3128", "http://builder:pa%ss@proxy.corp:3128",
        "builder:pa ss@proxy.corp:3128", "http://builder:pa\u001bss@proxy.corp:3128"})
    void aBadProxyUrlIsAConfigurationErrorWithoutThePassword(String value) {
        LazybuildException e = catchThrowableOfType(() -> new ProxyEnvironment(Map.of("HTTPS_PROXY", value)),
                LazybuildException.class);

        assertThat(e).isNotNull();
        assertThat(e.kind()).isEqualTo(LazybuildException.Kind.CONFIG);
        assertThat(e.getMessage()).startsWith("HTTPS_PROXY is not a valid proxy URL: '")
                .contains("***@proxy.corp:3128").contains("percent-encode")
                .doesNotContain("pa ss").doesNotContain("pa%ss").doesNotContain("builder").doesNotContain("\u001b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"})
    void everyProxyVariableIsCheckedAtOnce(String name) {
        LazybuildException e = catchThrowableOfType(() -> new ProxyEnvironment(Map.of(name, "http://u:a b@p:1")),
                LazybuildException.class);
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).startsWith(name + " is not a valid proxy URL").doesNotContain("a b");
    }

    @org.junit.jupiter.api.Test
    void anEncodedPasswordIsAccepted() {
        assertThat(new ProxyEnvironment(Map.of("HTTPS_PROXY", "http://u:pa%20ss@proxy.corp:3128")).proxyFor("https", "e.org"))
                .contains(URI.create("http://u:pa%20ss@proxy.corp:3128"));
    }
}
