package dev.lazybuild.vfs.gomod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.testkit.GoModules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What is checked before a downloaded module file may be served, and the Go variables of cachi2.env. */
class CacheFileTest {
    @TempDir
    Path work;

    @Test
    void proxyFilesAreAcceptedOnlyWithGoSumsHashAndTamperingNamesTheModule() throws IOException {
        GoModules proxy = new GoModules(work);
        Path zip = proxy.module("example.com/lib", "v1.0.0").pkg("").publish();
        Path other = proxy.module("example.com/lib", "v1.0.1").pkg("").file("extra.go", "package lib\n").publish();
        Path app = GoModules.app(work.resolve("app"), "example.com/app", "1.21", "example.com/lib");
        Files.writeString(app.resolve("go.mod"), "module example.com/app\n\ngo 1.21\n\nrequire example.com/lib v1.0.0\n");
        proxy.tidy(app);
        Map<CacheFile.Kind, CacheFile> byKind = new java.util.EnumMap<>(CacheFile.Kind.class);
        GoModule.files(app, app).stream().filter(f -> f.module().version().equals("v1.0.0")).forEach(f -> byKind.put(f.kind(), f));

        assertThat(byKind.get(CacheFile.Kind.ZIP).problemWith(zip)).isNull();
        assertThat(byKind.get(CacheFile.Kind.MOD).problemWith(zip.resolveSibling("v1.0.0.mod"))).isNull();
        assertThat(byKind.get(CacheFile.Kind.INFO).problemWith(zip.resolveSibling("v1.0.0.info"))).isNull();

        Path renamed = Files.copy(other, work.resolve("tampered.zip"));
        assertThat(byKind.get(CacheFile.Kind.ZIP).problemWith(renamed))
                .startsWith("the zip of example.com/lib@v1.0.0 holds 'example.com/lib@v1.0.1/");
        Path tampered = rezip(zip, "example.com/lib@v1.0.0/lib.go", "package lib\n\nfunc Name() string { return \"evil\" }\n");
        assertThat(byKind.get(CacheFile.Kind.ZIP).problemWith(tampered))
                .startsWith("example.com/lib@v1.0.0: its zip from the module proxy hashes to h1:")
                .contains("but go.sum says " + byKind.get(CacheFile.Kind.ZIP).h1());
        assertThat(byKind.get(CacheFile.Kind.MOD).problemWith(Files.writeString(work.resolve("x.mod"), "module evil\n")))
                .startsWith("example.com/lib@v1.0.0: its go.mod from the module proxy hashes to");
        assertThat(byKind.get(CacheFile.Kind.INFO).problemWith(Files.writeString(work.resolve("x.info"), "{\"Version\":\"v9.9.9\"}")))
                .isEqualTo("example.com/lib@v1.0.0: the .info from the module proxy does not name version v1.0.0");
        assertThat(byKind.get(CacheFile.Kind.ZIP).problemWith(Files.writeString(work.resolve("html.zip"), "<html>")))
                .startsWith("example.com/lib@v1.0.0: the zip file from the module proxy cannot be read as one");
    }

    private Path rezip(Path zip, String entry, String content) throws IOException {
        Path out = work.resolve("rezipped.zip");
        try (var in = new java.util.zip.ZipInputStream(Files.newInputStream(zip));
             var z = new java.util.zip.ZipOutputStream(Files.newOutputStream(out))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                z.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                z.write(e.getName().equals(entry) ? content.getBytes() : in.readAllBytes());
                z.closeEntry();
            }
        }
        return out;
    }
}
