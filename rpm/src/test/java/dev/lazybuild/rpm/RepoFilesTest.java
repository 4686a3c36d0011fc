package dev.lazybuild.rpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RepoFilesTest {
    @Test
    void oneSectionPerRepoidPointingIntoTheMountWithGpgcheckByDefault() {
        String text = RepoFiles.render("aarch64", List.of("baseos", "hermeto-0a1b2c"), "/mnt/deps/", RepoOptions.DEFAULT);

        assertThat(text).isEqualTo("[baseos]\nbaseurl=file:///mnt/deps/output/deps/rpm/aarch64/baseos\ngpgcheck=1\n\n"
                + "[hermeto-0a1b2c]\nname=Packages unaffiliated with an official repository\n"
                + "baseurl=file:///mnt/deps/output/deps/rpm/aarch64/hermeto-0a1b2c\ngpgcheck=1\n\n");
    }

    @Test
    void optionsOverrideTheDefaultsInSortedOrder() {
        RepoOptions o = RepoOptions.DEFAULT.with(Map.of("gpgcheck", "0", "module_hotfixes", "1"));

        assertThat(RepoFiles.render("x86_64", List.of("r"), "/cachi2", o))
                .isEqualTo("[r]\nbaseurl=file:///cachi2/output/deps/rpm/x86_64/r\ngpgcheck=0\nmodule_hotfixes=1\n\n");
    }

    @Test
    void anInputsDnfOptionsGoIntoTheirRepoidsSectionOnly() {
        RepoOptions o = RepoOptions.DEFAULT.with(Map.of("module_hotfixes", "1"))
                .withRepoidOptions(Map.of("ubi", Map.of("gpgcheck", "0", "SSLVerify", "False")));

        assertThat(RepoFiles.render("x86_64", List.of("ubi", "other"), "/cachi2", o)).isEqualTo(
                "[ubi]\nbaseurl=file:///cachi2/output/deps/rpm/x86_64/ubi\ngpgcheck=0\nmodule_hotfixes=1\nsslverify=False\n\n"
                + "[other]\nbaseurl=file:///cachi2/output/deps/rpm/x86_64/other\ngpgcheck=1\nmodule_hotfixes=1\n\n");
        assertThat(RepoFiles.NAMES).containsExactly("hermeto.repo");
    }

    @Test
    void optionsThatWouldBreakTheFileAreRefused() {
        assertThatThrownBy(() -> RepoOptions.DEFAULT.withRepoidOptions(Map.of("r", Map.of("x", "1\n[evil]"))))
                .hasMessageContaining("line break");
        assertThatThrownBy(() -> RepoOptions.DEFAULT.with(Map.of("baseurl", "http://x"))).hasMessageContaining("baseurl");
        assertThatThrownBy(() -> RepoOptions.DEFAULT.with(Map.of("a b", "1"))).hasMessageContaining("'a b'");
        assertThatThrownBy(() -> RepoOptions.DEFAULT.with(Map.of("name", "x\n[evil]"))).hasMessageContaining("line break");
    }
}
