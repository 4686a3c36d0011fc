package dev.lazybuild.vfs.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.RemoteFile;
import dev.lazybuild.vfs.lockfile.Ecosystem;
import dev.lazybuild.vfs.lockfile.LockedFile;
import dev.lazybuild.vfs.tree.Tree;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeExportTest {
    private static final byte[] WHEEL = "wheel bytes".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path store;
    @TempDir
    Path out;

    @Test
    void writesEveryFileOnceAndASecondRunChangesNothing() throws Exception {
        Tree tree = tree(WHEEL);
        Path object = Files.write(store.resolve("object"), WHEEL);

        TreeExport.Result first = TreeExport.write(tree, out, "output/deps", f -> object);
        FileTime written = Files.getLastModifiedTime(out.resolve("output/deps/pip/a.whl"));
        TreeExport.Result second = TreeExport.write(tree, out, "output/deps", f -> object);

        assertThat(first).isEqualTo(new TreeExport.Result(3, 0, 0));
        assertThat(second).isEqualTo(new TreeExport.Result(0, 3, 0));
        assertThat(Files.readAllBytes(out.resolve("output/deps/pip/a.whl"))).isEqualTo(WHEEL);
        assertThat(Files.readString(out.resolve("cachi2.env"))).isEqualTo("export A=b\n");
        assertThat(Files.readString(out.resolve("output/deps/rpm/x86_64/repo/repodata/repomd.xml"))).isEqualTo("<repomd/>");
        assertThat(Files.getLastModifiedTime(out.resolve("output/deps/pip/a.whl"))).isEqualTo(written);
        assertThat(Files.getAttribute(out.resolve("output/deps/pip/a.whl"), "unix:ino"))
                .isNotEqualTo(Files.getAttribute(object, "unix:ino"));
    }

    @Test
    void aDamagedStoreObjectNeverReachesTheDirectory() throws Exception {
        Tree tree = tree(WHEEL);
        Path damaged = Files.writeString(store.resolve("object"), "wheel bytez");

        assertThatThrownBy(() -> TreeExport.write(tree, out, "output/deps", f -> damaged))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("the cache is damaged");
        try (Stream<Path> files = Files.walk(out)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.equals("a.whl") || n.endsWith(".tmp"));
        }
    }

    @Test
    void aChangedFileIsReplacedAndAFileTheTreeNoLongerHasIsRemoved() throws Exception {
        Tree tree = tree(WHEEL);
        Path object = Files.write(store.resolve("object"), WHEEL);
        Files.createDirectories(out.resolve("output/deps/pip"));
        Files.writeString(out.resolve("output/deps/pip/a.whl"), "wheel bytez");
        Files.writeString(out.resolve("output/deps/pip/old-1.0.whl"), "from the last lockfile");
        Files.writeString(out.resolve("notes.txt"), "the user's");

        TreeExport.Result result = TreeExport.write(tree, out, "output/deps", f -> object);

        assertThat(result).isEqualTo(new TreeExport.Result(3, 0, 1));
        assertThat(Files.readAllBytes(out.resolve("output/deps/pip/a.whl"))).isEqualTo(WHEEL);
        assertThat(out.resolve("output/deps/pip/old-1.0.whl")).doesNotExist();
        assertThat(out.resolve("notes.txt")).hasContent("the user's");
    }

    @Test
    void writeIfChangedLeavesAFileWithTheSameBytesUntouched() throws Exception {
        Path file = out.resolve("output/bom.json");

        assertThat(TreeExport.writeIfChanged(file, WHEEL)).isTrue();
        Files.setLastModifiedTime(file, FileTime.fromMillis(0));
        assertThat(TreeExport.writeIfChanged(file, WHEEL)).isFalse();
        assertThat(Files.getLastModifiedTime(file).toMillis()).isZero();
        assertThat(TreeExport.writeIfChanged(file, "other".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(file).hasContent("other");
    }

    private Tree tree(byte[] wheel) throws Exception {
        Digest digest = Digest.sha256(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(wheel)));
        Path repomd = Files.writeString(store.resolve("repomd.xml"), "<repomd/>");
        return Tree.builder()
                .add(new LockedFile("output/deps/pip/a.whl", new RemoteFile(URI.create("https://files.example/a.whl"), digest,
                        wheel.length, "a.whl"), Ecosystem.PIP, "pylock.toml: packages[0]"))
                .addGenerated("cachi2.env", "export A=b\n", "test")
                .addLocal("output/deps/rpm/x86_64/repo/repodata/repomd.xml", repomd, Files.size(repomd), "test")
                .build();
    }
}
