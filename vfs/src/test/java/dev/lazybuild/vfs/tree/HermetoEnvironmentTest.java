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
        assertThat(HermetoLayout.environment("/cachi2")).isEqualTo(
                "export PIP_FIND_LINKS=/cachi2/output/deps/pip\nexport PIP_NO_INDEX=true\n");
    }

    @Test
    void aMountTargetWithSpacesAndQuotesSurvivesSourcingBySh() throws Exception {
        String target = "/my build/it's here";
        Path env = work.resolve("cachi2.env");
        Files.writeString(env, HermetoLayout.environment(target));

        Process sh = new ProcessBuilder("sh", "-c", ". \"$1\" && printf '%s|%s' \"$PIP_FIND_LINKS\" \"$PIP_NO_INDEX\"",
                "sh", env.toString()).redirectErrorStream(true).start();
        String printed = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(sh.waitFor()).as(printed).isZero();
        assertThat(printed).isEqualTo(target + "/output/deps/pip|true");
    }
}
