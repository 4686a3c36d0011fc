package dev.lazybuild.vfs.gomod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lazybuild.testkit.GoModules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The h1 hashes, checked against the go.sum lines the real go tool writes for the same files. */
class DirHashTest {
    @TempDir
    Path work;

    @Test
    void zipAndGoModHashAsTheGoToolRecordsThemInGoSum() throws IOException {
        GoModules proxy = new GoModules(work);
        Path zip = proxy.module("example.com/Hash/me", "v1.0.0").pkg("").pkg("inner/deeper").file("ünïcode.txt", "x").publish();
        Path app = GoModules.app(work.resolve("app"), "example.com/app", "1.21", "example.com/Hash/me");
        proxy.tidy(app);
        GoSum sums = GoSum.parse("go.sum", Files.readString(app.resolve("go.sum")));
        ModuleVersion m = new ModuleVersion("example.com/Hash/me", "v1.0.0");

        assertThat(DirHash.ofZip(zip, m)).isEqualTo(sums.zipHash(m));
        assertThat(DirHash.ofGoMod(Files.readAllBytes(zip.resolveSibling("v1.0.0.mod")))).isEqualTo(sums.goModHash(m));
    }

    @Test
    void anyChangeToAFileChangesTheHash() throws IOException {
        ModuleVersion m = new ModuleVersion("example.com/a", "v1.0.0");
        String good = DirHash.ofZip(zip("good.zip", "example.com/a@v1.0.0/a.go", "package a\n"), m);
        String bad = DirHash.ofZip(zip("bad.zip", "example.com/a@v1.0.0/a.go", "package b\n"), m);
        assertThat(bad).isNotEqualTo(good).startsWith("h1:");
    }

    @Test
    void aZipOfAnotherModuleOrNotAZipAtAllIsRefused() throws IOException {
        ModuleVersion m = new ModuleVersion("example.com/a", "v1.0.0");
        Path other = zip("other.zip", "example.com/a@v1.0.1/a.go", "package a\n");
        assertThatThrownBy(() -> DirHash.ofZip(other, m)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the zip of example.com/a@v1.0.0 holds 'example.com/a@v1.0.1/a.go', outside example.com/a@v1.0.0/");
        Path garbage = Files.writeString(work.resolve("garbage.zip"), "this is not a zip");
        assertThatThrownBy(() -> DirHash.ofZip(garbage, m)).isInstanceOf(IOException.class);
    }

    private Path zip(String name, String entry, String content) throws IOException {
        Path zip = work.resolve(name);
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new ZipEntry(entry));
            z.write(content.getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        return zip;
    }
}
