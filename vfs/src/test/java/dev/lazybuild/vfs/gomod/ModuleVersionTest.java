package dev.lazybuild.vfs.gomod;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModuleVersionTest {
    @Test
    void versionsSortAsGoSemverSortsThem() {
        List<String> v = new ArrayList<>(List.of("v1.10.0", "v1.2.0", "v1.2.0-rc.1", "v1.2.0-beta.2", "v1.2.0-beta.11",
                "v1.2.0-beta", "v0.0.0-20240102030405-abcdefabcdef", "v2.0.0+incompatible", "v1.2.0-1"));
        v.sort(ModuleVersion::compareVersions);
        assertThat(v).containsExactly("v0.0.0-20240102030405-abcdefabcdef", "v1.2.0-1", "v1.2.0-beta", "v1.2.0-beta.2",
                "v1.2.0-beta.11", "v1.2.0-rc.1", "v1.2.0", "v1.10.0", "v2.0.0+incompatible");
        assertThat(ModuleVersion.compareVersions("v1.0.0+incompatible", "v1.0.0")).isZero();
    }

    @Test
    void onlyCanonicalVersionsAreModuleVersions() {
        assertThat(ModuleVersion.isCanonical("v1.2.3")).isTrue();
        assertThat(ModuleVersion.isCanonical("v1.2")).isFalse();
        assertThat(ModuleVersion.isCanonical("1.2.3")).isFalse();
        assertThat(ModuleVersion.isCanonical("v01.2.3")).isFalse();
        assertThat(ModuleVersion.isCanonical("v1.2.3/../x")).isFalse();
    }

    @Test
    void upperCaseIsEscapedWithAnExclamationMark() {
        assertThat(ModulePath.escape("github.com/Azure/azure-sdk-for-go")).isEqualTo("github.com/!azure/azure-sdk-for-go");
        assertThat(ModulePath.escape("github.com/BurntSushi/toml")).isEqualTo("github.com/!burnt!sushi/toml");
        assertThat(ModulePath.escape("v1.0.0-RC")).isEqualTo("v1.0.0-!r!c");
        assertThat(ModulePath.problemWith("github.com/a!b/c")).contains("invalid character '!'");
    }
}
