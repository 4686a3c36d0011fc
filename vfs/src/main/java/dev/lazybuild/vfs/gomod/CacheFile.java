package dev.lazybuild.vfs.gomod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

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

    /** A .info is a few dozen bytes of JSON; anything much larger is not one. */
    private static final long MAX_INFO_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Why {@code content}, downloaded for this file, must not be served, or null when it may:
     * a {@code .zip} or {@code .mod} must have go.sum's h1 (a zip must also hold only this module
     * version's files); a {@code .info}, which go.sum does not hash, must at least be a JSON
     * object naming this version. The message names the module, for the build's error.
     */
    public String problemWith(Path content) {
        try {
            if (kind == Kind.INFO) {
                return infoProblem(content);
            }
            String actual = switch (kind) {
                case ZIP -> DirHash.ofZip(content, module);
                case MOD -> DirHash.ofGoMod(Files.readAllBytes(content));
                default -> throw new IllegalStateException(path + " is generated, not downloaded");
            };
            if (actual.equals(h1)) {
                return null;
            }
            return module + ": its " + (kind == Kind.ZIP ? "zip" : "go.mod") + " from the module proxy hashes to "
                    + actual + ", but go.sum says " + h1 + " (the proxy's content is not what go.sum locked; nothing was stored)";
        } catch (IllegalArgumentException e) {
            return e.getMessage() + " (nothing was stored)";
        } catch (IOException e) {
            return module + ": the " + kind.extension() + " file from the module proxy cannot be read as one: " + e.getMessage();
        }
    }

    /** Null when the .info is usable, else why not. */
    private String infoProblem(Path content) throws IOException {
        if (Files.size(content) > MAX_INFO_BYTES) {
            return module + ": the .info from the module proxy is larger than " + MAX_INFO_BYTES + " bytes";
        }
        JsonNode info;
        try {
            info = JSON.readTree(content.toFile());
        } catch (IOException e) {
            return module + ": the .info from the module proxy is not JSON";
        }
        if (info == null || !info.isObject() || !module.version().equals(info.path("Version").asText(null))) {
            return module + ": the .info from the module proxy does not name version " + module.version();
        }
        return null;
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
