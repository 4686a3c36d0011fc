package dev.lazybuild.vfs.gomod;

import java.nio.charset.StandardCharsets;

/**
 * One file of the module cache's download directory as Hermeto leaves it.
 *
 * @param path relative to the download directory ({@code golang.org/x/text/@v/v0.14.0.zip})
 * @param kind what the file is
 * @param module the module version it belongs to; for a {@code list} file, any version of its path
 * @param h1 for a {@code .zip} or {@code .mod}: the go.sum hash its content must have; else null
 * @param generated for {@code .ziphash}, {@code .lock} and {@code list}: the content, made here; else null
 */
public record CacheFile(String path, Kind kind, ModuleVersion module, String h1, byte[] generated) {

    /** The files of one module version, by their extension, and the per-path version list. */
    public enum Kind {
        /** The go.mod, from the proxy, checked against go.sum's {@code /go.mod} h1. */
        MOD("mod"),
        /** The module's files, from the proxy, checked against go.sum's h1. */
        ZIP("zip"),
        /** The zip's h1, which the go command writes after checking a download: made from go.sum. */
        ZIPHASH("ziphash"),
        /** Version and time as the proxy serves them; go.sum has no hash for it, so it is not checked. */
        INFO("info"),
        /** The empty file the go command locks while it downloads a zip; Hermeto's copy keeps it. */
        LOCK("lock"),
        /** The versions of the path with a go.mod in the cache, one per line, semver order. */
        LIST("list");

        private final String extension;

        Kind(String extension) {
            this.extension = extension;
        }

        public String extension() {
            return extension;
        }
    }

    /** Whether the content comes from the module proxy (else it is {@link #generated}). */
    public boolean fromProxy() {
        return generated == null;
    }

    /** Where the module proxy serves it, relative to a GOPROXY URL: the same path as in the cache. */
    public String proxyPath() {
        return path;
    }

    @Override
    public String toString() {
        return path + (generated != null ? " (" + new String(generated, StandardCharsets.UTF_8).strip() + ")" : "");
    }
}
