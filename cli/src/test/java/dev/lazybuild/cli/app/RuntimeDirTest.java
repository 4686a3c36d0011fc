package dev.lazybuild.cli.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lazybuild.fetch.LazybuildException;
import dev.lazybuild.testkit.Prerequisites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime directory keeps other local users away from a build's mount and its keyed
 * Containerfile: everything 0700 and the user's own, a base planted by someone else refused.
 */
class RuntimeDirTest {
    @TempDir
    Path work;

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void eachBuildGetsAFreshPrivateDirectoryInAPrivateBase() throws IOException {
        Path base = work.resolve("run/lazybuild");
        RuntimeDir runtime = new RuntimeDir(base);

        Path mnt = runtime.newMountPoint();
        Path other = runtime.newMountPoint();

        assertThat(mode(base)).isEqualTo("rwx------");
        assertThat(mode(mnt.getParent())).isEqualTo("rwx------");
        assertThat(mnt).isEmptyDirectory();
        assertThat(other.getParent()).isNotEqualTo(mnt.getParent());
        assertThat(RuntimeDir.containerfileBeside(mnt).getParent()).as("the keyed Containerfile is private too")
                .isEqualTo(mnt.getParent());
    }

    @Test
    void aBaseTheUserLeftOpenIsClosed() throws IOException {
        Path base = Files.createDirectories(work.resolve("lazybuild"));
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxrwxrwx"));

        new RuntimeDir(base).newMountPoint();

        assertThat(mode(base)).isEqualTo("rwx------");
    }

    @Test
    void aBaseThatIsALinkIsRefusedAndNothingIsMadeWhereItPoints() throws IOException {
        Path elsewhere = Files.createDirectories(work.resolve("elsewhere"));
        Path base = Files.createSymbolicLink(work.resolve("lazybuild"), elsewhere);

        assertThatThrownBy(() -> new RuntimeDir(base).newMountPoint()).isInstanceOf(LazybuildException.class)
                .hasMessageContaining("refusing the runtime directory " + base)
                .hasMessageContaining("symbolic link").hasMessageContaining("XDG_RUNTIME_DIR");
        assertThat(elsewhere).isEmptyDirectory();
    }

    @Test
    @Tag("e2e")
    void aBaseOfAnotherUserIsRefused() throws IOException {
        Prerequisites.requireRoot();
        Path base = Files.createDirectories(work.resolve("lazybuild"));
        Files.setAttribute(base, "unix:uid", 65534);

        assertThatThrownBy(() -> new RuntimeDir(base).newMountPoint()).isInstanceOf(LazybuildException.class)
                .hasMessageContaining("owned by uid 65534");
        assertThat(base).isEmptyDirectory();
    }
}
