package dev.lazybuild.cli.podman;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.RemoteFile;
import dev.lazybuild.vfs.lockfile.Ecosystem;
import dev.lazybuild.vfs.lockfile.LockedFile;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyedContainerfileTest {
    @Test
    void theKeyIsDeclaredAfterEveryFromIncludingContinuedAndLowerCaseOnes() {
        String in = "# syntax=docker/dockerfile:1\n"
                + "ARG BASE=fedora\n"
                + "from $BASE \\\n"
                + "    AS build\n"
                + "RUN echo FROM not-an-instruction \\\n"
                + "# a comment inside the RUN\n"
                + "  && true\n"
                + "FROM build";
        assertThat(KeyedContainerfile.withKeyArgument(in)).isEqualTo("# syntax=docker/dockerfile:1\n"
                + "ARG BASE=fedora\n"
                + "from $BASE \\\n"
                + "    AS build\n"
                + "ARG LAZYBUILD_TREE\n"
                + "RUN echo FROM not-an-instruction \\\n"
                + "# a comment inside the RUN\n"
                + "  && true\n"
                + "FROM build\n"
                + "ARG LAZYBUILD_TREE\n");
    }

    @Test
    void theEscapeDirectiveChangesWhatContinuesALine() {
        String in = "# escape=`\nFROM windows `\n  AS w\nRUN dir c:\\\n";
        assertThat(KeyedContainerfile.withKeyArgument(in))
                .isEqualTo("# escape=`\nFROM windows `\n  AS w\nARG LAZYBUILD_TREE\nRUN dir c:\\\n");
    }

    @Test
    void theTreeKeyChangesWithAnyFileAndNotWithTheirOrder() {
        LockedFile a = file("deps/pip/a-1.0-py3-none-any.whl", "aa");
        LockedFile b = file("deps/pip/b-1.0-py3-none-any.whl", "bb");
        LockedFile b2 = file("deps/pip/b-1.0-py3-none-any.whl", "cc");
        assertThat(LayerCacheKey.of(List.of(a, b), "/cachi2")).isEqualTo(LayerCacheKey.of(List.of(b, a), "/cachi2"))
                .isNotEqualTo(LayerCacheKey.of(List.of(a, b2), "/cachi2"))
                .isNotEqualTo(LayerCacheKey.of(List.of(a, b), "/other"));
    }

    private static LockedFile file(String path, String hexByte) {
        return new LockedFile(path, new RemoteFile(URI.create("http://127.0.0.1:9/" + path),
                Digest.sha256(hexByte.repeat(32)), 10, path), Ecosystem.GENERIC, "test");
    }
}
