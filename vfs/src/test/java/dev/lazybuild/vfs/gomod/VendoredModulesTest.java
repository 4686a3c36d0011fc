package dev.lazybuild.vfs.gomod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lazybuild.testkit.GoModules;
import dev.lazybuild.vfs.lockfile.LockfileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A module that vendors fetches nothing, if vendor/modules.txt (written by the real go mod vendor) agrees with go.mod. */
class VendoredModulesTest {
    @TempDir
    Path work;
    Path app;

    @BeforeEach
    void vendoredApp() {
        GoModules proxy = new GoModules(work);
        proxy.module("example.com/lib", "v1.0.0").pkg("").publish();
        proxy.module("example.com/lib", "v1.1.0").pkg("").publish();
        proxy.module("example.com/fork", "v1.0.0").pkg("").publish();
        app = GoModules.app(work.resolve("app"), "example.com/app", "1.21", "example.com/lib");
        proxy.tidy(app);
        proxy.go(app, work.resolve("vendorcache"), "mod", "vendor");
    }

    @Test
    void consistentVendorDirectoryMeansNothingToFetch() {
        assertThat(app.resolve("vendor/modules.txt")).exists();
        assertThat(GoModule.files(app, app)).isEmpty();
    }

    @Test
    void aRequirementVendorDoesNotRecordIsRefusedNamingIt() throws IOException {
        // go mod tidy chose the latest, v1.1.0; go.mod now asks for another version than vendor/ holds.
        Files.writeString(app.resolve("go.mod"), Files.readString(app.resolve("go.mod"))
                .replace("example.com/lib v1.1.0", "example.com/lib v1.0.0"));
        assertThatThrownBy(() -> GoModule.files(app, app)).isInstanceOf(LockfileException.class)
                .hasMessageContaining("vendor/modules.txt: example.com/lib v1.0.0 is required in go.mod but not listed"
                        + " with '## explicit' in vendor/modules.txt: run 'go mod vendor'");
    }

    @Test
    void aReplacementVendorDoesNotRecordIsRefused() throws IOException {
        Files.writeString(app.resolve("go.mod"), Files.readString(app.resolve("go.mod"))
                + "\nreplace example.com/lib => example.com/fork v1.0.0\n");
        assertThatThrownBy(() -> GoModule.files(app, app)).isInstanceOf(LockfileException.class)
                .hasMessageContaining("go.mod replaces example.com/lib => example.com/fork v1.0.0 but vendor/modules.txt does not");
    }

    @Test
    void aVendorDirectoryWithoutModulesTxtIsRefused() throws IOException {
        Files.delete(app.resolve("vendor/modules.txt"));
        assertThatThrownBy(() -> GoModule.files(app, app)).isInstanceOf(LockfileException.class)
                .hasMessageContaining("vendor/modules.txt: missing, but");
    }
}
