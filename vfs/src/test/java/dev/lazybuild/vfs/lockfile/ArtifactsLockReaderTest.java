package dev.lazybuild.vfs.lockfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactsLockReaderTest {
    static final String SHA256 = "sha256:" + "ab".repeat(32);

    @TempDir
    Path dir;

    @Test
    void filenameDefaultsToTheUrlsLastSegmentAndMayNameASubdirectory() throws IOException {
        List<LockedFile> files = read("""
                metadata:
                  version: "1.0"
                artifacts:
                  - download_url: https://example.org/keys/KEY%%201.asc?x=1
                    checksum: %s
                  - download_url: https://example.org/tool.tar.gz
                    checksum: %s
                    filename: tools/tool-1.0.tar.gz
                    somethingNew: ignored
                """.formatted(SHA256, SHA256.replace("ab", "cd")));
        assertThat(files).extracting(LockedFile::path)
                .containsExactly("deps/generic/KEY 1.asc", "deps/generic/tools/tool-1.0.tar.gz");
        assertThat(files.get(1).remote().name()).isEqualTo("tool-1.0.tar.gz");
        assertThat(files.get(0).remote().sizeKnown()).isFalse();
    }

    @Test
    void mavenArtifactsGetTheUrlAndNameHermetoDerives() throws IOException {
        List<LockedFile> files = read("""
                metadata: {version: "2.0"}
                artifacts:
                  - type: maven
                    checksum: %s
                    attributes:
                      repository_url: https://repo1.maven.org/maven2
                      group_id: org.example.tools
                      artifact_id: thing
                      version: 1.2.3
                      classifier: sources
                """.formatted(SHA256));
        assertThat(files).extracting(LockedFile::path).containsExactly("deps/generic/thing-1.2.3-sources.jar");
        assertThat(files.get(0).remote().urls().get(0).toString())
                .isEqualTo("https://repo1.maven.org/maven2/org/example/tools/thing/1.2.3/thing-1.2.3-sources.jar");
    }

    private List<LockedFile> read(String yaml) throws IOException {
        Path f = dir.resolve("artifacts.lock.yaml");
        Files.writeString(f, yaml);
        return new ArtifactsLockReader().read(f);
    }
}
