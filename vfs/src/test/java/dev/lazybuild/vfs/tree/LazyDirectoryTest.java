package dev.lazybuild.vfs.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A lazy directory (repodata) fills once, on the build's first look, and never for anyone else. */
class LazyDirectoryTest {
    private static final String REPO = "output/deps/rpm/x86_64/baseos";

    @TempDir
    Path dir;

    private final AtomicInteger fills = new AtomicInteger();

    private Tree tree(Directory.Fill fill) {
        return Tree.builder()
                .addGenerated(REPO + "/pkg.rpm", "rpm", "test")
                .addGenerated("output/deps/rpm/x86_64/repos.d/hermeto.repo", "[baseos]\n", "test")
                .addLazyDirectory(REPO + "/repodata", "repodata of baseos", () -> {
                    fills.incrementAndGet();
                    return fill.files();
                })
                .build();
    }

    private Map<String, Path> repomd() throws Exception {
        return Map.of("repomd.xml", Files.writeString(dir.resolve("repomd.xml"), "<repomd/>"));
    }

    @Test
    void walkingTheTreeOrFindingFilesFillsNothing() throws Exception {
        Map<String, Path> files = repomd();
        Tree tree = tree(() -> files);
        List<String> walked = new ArrayList<>();

        tree.forEachFile((path, node) -> walked.add(path));
        assertThat(tree.file(REPO + "/repodata/repomd.xml")).isNull();
        assertThat(tree.file(REPO + "/pkg.rpm")).isNotNull();
        assertThat(tree.lookup("output/deps/rpm/x86_64/repos.d/hermeto.repo")).isInstanceOf(FileNode.class);
        assertThat(tree.lookup("output/deps/rpm/x86_64")).isInstanceOf(Directory.class);

        assertThat(walked).containsExactly(REPO + "/pkg.rpm", "output/deps/rpm/x86_64/repos.d/hermeto.repo");
        assertThat(fills).hasValue(0);
    }

    @Test
    void aLookupOfTheRepositoryOrItsRepodataFillsItOnce() throws Exception {
        Map<String, Path> files = repomd();
        Tree tree = tree(() -> files);

        assertThat(tree.lookup(REPO)).isInstanceOf(Directory.class);
        assertThat(fills).hasValue(1);
        FileNode repomd = (FileNode) tree.lookup(REPO + "/repodata/repomd.xml");
        assertThat(repomd.size()).isEqualTo(9);
        assertThat(repomd.content()).isEqualTo(new FileNode.Local(files.get("repomd.xml")));
        assertThat(((Directory) tree.lookup(REPO + "/repodata")).children()).hasSize(1);
        assertThat(tree.file(REPO + "/repodata/repomd.xml")).as("filled: found without a fill").isSameAs(repomd);
        assertThat(fills).hasValue(1);
    }

    @Test
    void concurrentLookupsWaitForTheOneFill() throws Exception {
        Map<String, Path> files = repomd();
        CountDownLatch release = new CountDownLatch(1);
        Tree tree = tree(() -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return files;
        });
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Node>> lookups = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                lookups.add(pool.submit(() -> tree.lookup(REPO + "/repodata/repomd.xml")));
            }
            Thread.sleep(200);
            assertThat(lookups).noneMatch(Future::isDone);
            release.countDown();
            for (Future<Node> f : lookups) {
                assertThat(f.get(10, TimeUnit.SECONDS)).isInstanceOf(FileNode.class);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(fills).hasValue(1);
    }

    @Test
    void aFailedFillFailsEveryLaterLookupWithoutTryingAgain() {
        Tree tree = tree(() -> {
            throw new IllegalStateException("the RPM server answered 500");
        });

        assertThatThrownBy(() -> tree.lookup(REPO + "/repodata")).hasMessage("the RPM server answered 500");
        assertThatThrownBy(() -> tree.lookup(REPO)).hasMessage("the RPM server answered 500");
        assertThat(tree.lookup(REPO + "/pkg.rpm")).as("the repository's RPMs stay listed").isInstanceOf(FileNode.class);
        assertThat(fills).hasValue(1);
    }

    @Test
    void aLockfileFileWhereRepodataGoesIsRefused() {
        Tree.Builder b = Tree.builder().addGenerated(REPO + "/repodata/repomd.xml", "x", "a lockfile")
                .addLazyDirectory(REPO + "/repodata", "repodata of baseos", Map::of);
        assertThatThrownBy(b::build).hasMessageContaining(REPO + "/repodata is generated, but a lockfile claims it too");
    }
}
