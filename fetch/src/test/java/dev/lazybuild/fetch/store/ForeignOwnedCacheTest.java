package dev.lazybuild.fetch.store;

import static dev.lazybuild.fetch.store.StoreFiles.randomBytes;
import static dev.lazybuild.fetch.store.StoreFiles.remote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lazybuild.fetch.LazybuildException;
import dev.lazybuild.fetch.RemoteFile;
import dev.lazybuild.testkit.Prerequisites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Entries of another user in the cache (made with chown, so root runs these): a cache
 * directory that is not the user's is refused with one clear error, and an object another
 * user put there is neither served nor kept by {@code cache verify}.
 */
@Tag("e2e")
class ForeignOwnedCacheTest {
    /** nobody, on Debian and Fedora. */
    private static final int OTHER_UID = 65534;

    @RegisterExtension
    final LoopbackUpstream upstream = new LoopbackUpstream();

    private Path root;

    @BeforeEach
    void start() {
        Prerequisites.requireRoot();
        root = upstream.root();
    }

    private ContentStore store() {
        return upstream.store();
    }

    private static void giveAway(Path p) throws IOException {
        Files.setAttribute(p, "unix:uid", OTHER_UID, LinkOption.NOFOLLOW_LINKS);
    }

    @Test
    void aCacheDirectoryOfAnotherUserIsRefusedNamingThePathAndTheFix() throws IOException {
        Files.createDirectories(root);
        giveAway(root);

        assertThatThrownBy(this::store).isInstanceOf(LazybuildException.class)
                .hasMessageContaining("refusing the cache directory " + root)
                .hasMessageContaining("owned by uid " + OTHER_UID)
                .hasMessageContaining("--cache-dir").hasMessageContaining("team tier");
        assertThat(root.resolve("objects")).as("nothing made in it").doesNotExist();
    }

    @Test
    void aSubdirectoryOfAnotherUserIsRefusedToo() throws IOException {
        StoreLayout.create(root);
        giveAway(root.resolve("tmp"));

        assertThatThrownBy(this::store).isInstanceOf(LazybuildException.class)
                .hasMessageContaining(root.resolve("tmp") + " is owned by uid " + OTHER_UID);
    }

    @Test
    void anObjectOfAnotherUserIsNotServedAndVerifyRemovesIt() throws IOException {
        byte[] content = randomBytes(9000, 21);
        RemoteFile file = remote(upstream.server().put("/f.whl", content), content);
        ContentStore store = store();
        Path object = store.fetch(file);
        giveAway(object);

        assertThat(store.cached(file.digest())).as("right bytes, wrong owner: not trusted").isEmpty();
        List<StoredObjects.Corrupt> removed = new StoredObjects(root).verify();

        assertThat(removed).singleElement().satisfies(c -> {
            assertThat(c.path()).isEqualTo(object);
            assertThat(c.problem()).contains("owned by uid " + OTHER_UID);
        });
        assertThat(Files.readAllBytes(store.fetch(file))).isEqualTo(content);
        assertThat(upstream.server().gets("/f.whl")).as("downloaded again, by this user").isEqualTo(2);
    }
}
