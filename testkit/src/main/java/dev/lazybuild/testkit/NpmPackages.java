package dev.lazybuild.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real npm package tarballs (gzip tar with a {@code package/} prefix, as {@code npm pack}
 * writes them) made offline with tar, and a package-lock.json v3 that locks them.
 */
public final class NpmPackages {
    /** One packed package and the lockfile fields npm writes for it. */
    public record Tarball(String name, String version, byte[] bytes) {
        public String integrity() {
            try {
                return "sha512-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512").digest(bytes));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final List<String> entries = new ArrayList<>();
    private final List<String> dependencies = new ArrayList<>();

    /** Packs {@code name@version} whose index.js exports {@code value}. */
    public static Tarball pack(Path work, String name, String version, String value) {
        try {
            Path dir = Files.createTempDirectory(work, "npm-pack");
            Path pkg = Files.createDirectories(dir.resolve("package"));
            Files.writeString(pkg.resolve("package.json"), "{\"name\": \"" + name + "\", \"version\": \"" + version
                    + "\", \"main\": \"index.js\"}\n");
            Files.writeString(pkg.resolve("index.js"), "module.exports = " + quoted(value) + ";\n");
            Path tgz = dir.resolve("package.tgz");
            Process p = new ProcessBuilder("tar", "--sort=name", "--mtime=@0", "--owner=0", "--group=0", "-czf",
                    tgz.toString(), "-C", dir.toString(), "package").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("tar failed: " + out);
            }
            return new Tarball(name, version, Files.readAllBytes(tgz));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Locks {@code t}, downloaded from {@code resolved}, at {@code node_modules/<name>}. */
    public NpmPackages lock(Tarball t, String resolved) {
        entries.add("    \"node_modules/" + t.name() + "\": {\"version\": \"" + t.version() + "\", \"resolved\": \""
                + resolved + "\", \"integrity\": \"" + t.integrity() + "\"}");
        dependencies.add("\"" + t.name() + "\": \"" + t.version() + "\"");
        return this;
    }

    /** package.json of a project depending on every locked package. */
    public String packageJson(String project) {
        return "{\"name\": \"" + project + "\", \"version\": \"1.0.0\", \"dependencies\": {" + String.join(", ", dependencies) + "}}\n";
    }

    /** package-lock.json, lockfileVersion 3. */
    public String packageLock(String project) {
        return "{\n  \"name\": \"" + project + "\",\n  \"version\": \"1.0.0\",\n  \"lockfileVersion\": 3,\n  \"requires\": true,\n"
                + "  \"packages\": {\n    \"\": {\"name\": \"" + project + "\", \"version\": \"1.0.0\", \"dependencies\": {"
                + String.join(", ", dependencies) + "}},\n" + String.join(",\n", entries) + "\n  }\n}\n";
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
