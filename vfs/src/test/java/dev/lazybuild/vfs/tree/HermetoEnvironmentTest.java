package dev.lazybuild.vfs.tree;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HermetoEnvironmentTest {
    @TempDir
    Path work;

    @Test
    void cachi2EnvIsWhatHermetoGenerateEnvWritesForTheKonfluxMount() {
        assertThat(Cachi2Env.render(java.util.List.of("pip"), "/cachi2/output")).isEqualTo(
                "export PIP_FIND_LINKS=/cachi2/output/deps/pip\nexport PIP_NO_INDEX=true\n");
    }

    @Test
    void aMountTargetWithSpacesAndQuotesSurvivesSourcingBySh() throws Exception {
        String target = "/my build/it's here";
        Path env = work.resolve("cachi2.env");
        Files.writeString(env, Cachi2Env.render(java.util.List.of("pip"), target + "/output"));

        Process sh = new ProcessBuilder("sh", "-c", ". \"$1\" && printf '%s|%s' \"$PIP_FIND_LINKS\" \"$PIP_NO_INDEX\"",
                "sh", env.toString()).redirectErrorStream(true).start();
        String printed = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(sh.waitFor()).as(printed).isZero();
        assertThat(printed).isEqualTo(target + "/output/deps/pip|true");
    }

    @Test
    void cachi2EnvHoldsExactlyTheVariablesOfTheInputsTypes() {
        assertThat(Cachi2Env.render(java.util.List.of("rpm", "generic", "npm"), "/cachi2/output")).isEqualTo("\n");
        assertThat(Cachi2Env.render(java.util.List.of("pip", "rpm"), "/cachi2/output")).isEqualTo("""
                export PIP_FIND_LINKS=/cachi2/output/deps/pip
                export PIP_NO_INDEX=true
                """);
        assertThat(Cachi2Env.render(java.util.List.of("gomod", "pip"), "/my dir/output")).isEqualTo("""
                export GOCACHE='/my dir/output/deps/gomod'
                export GOMODCACHE='/my dir/output/deps/gomod/pkg/mod'
                export GOPATH='/my dir/output/deps/gomod'
                export GOPROXY='file:///my dir/output/deps/gomod/pkg/mod/cache/download'
                export GOSUMDB=off
                export PIP_FIND_LINKS='/my dir/output/deps/pip'
                export PIP_NO_INDEX=true
                """);
        assertThat(Cachi2Env.names(java.util.List.of("pip", "npm"))).containsExactly("PIP_FIND_LINKS", "PIP_NO_INDEX");
    }

}
