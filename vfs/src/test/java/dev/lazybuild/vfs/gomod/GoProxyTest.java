package dev.lazybuild.vfs.gomod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lazybuild.fetch.LazybuildException;
import java.net.URI;
import org.junit.jupiter.api.Test;

class GoProxyTest {
    @Test
    void proxiesAreTriedInOrderAndDirectIsSkipped() {
        assertThat(GoProxy.parse(null).urls()).containsExactly(URI.create("https://proxy.golang.org"));
        assertThat(GoProxy.parse("https://a.example/go/,direct|http://127.0.0.1:8080").urls())
                .containsExactly(URI.create("https://a.example/go"), URI.create("http://127.0.0.1:8080"));
        CacheFile zip = new CacheFile("github.com/!azure/x/@v/v1.0.0.zip", CacheFile.Kind.ZIP,
                new ModuleVersion("github.com/Azure/x", "v1.0.0"), null, null);
        assertThat(GoProxy.parse("https://a.example/go").urlsOf(zip))
                .containsExactly(URI.create("https://a.example/go/github.com/!azure/x/@v/v1.0.0.zip"));
    }

    @Test
    void onlyVersionControlOrNothingIsAClearError() {
        assertThatThrownBy(() -> GoProxy.parse("direct")).isInstanceOf(LazybuildException.class)
                .hasMessageContaining("GOPROXY=direct names no module proxy");
        assertThatThrownBy(() -> GoProxy.parse("off")).hasMessageContaining("names no module proxy");
        assertThatThrownBy(() -> GoProxy.parse("file:///srv/goproxy")).hasMessageContaining("is not an http(s) module proxy");
    }
}
