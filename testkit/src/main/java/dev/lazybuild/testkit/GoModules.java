package dev.lazybuild.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A Go module proxy made in the test: real module versions ({@code .mod}, {@code .info},
 * {@code .zip} with the {@code <module>@<version>/} prefix the proxy protocol requires, and
 * {@code list}) written to a directory in the GOPROXY layout, which the real {@code go} tool
 * reads as {@code GOPROXY=file://<dir>} (to write go.sum lines, or to show what it downloads)
 * and an {@link UpstreamServer} serves over HTTP.
 */
public final class GoModules {
    /** Debian bookworm-backports' Go (golang-1.23-go) is not on PATH by itself. */
    private static final List<Path> GO_HOMES = List.of(Path.of("/usr/lib/go-1.23/bin"), Path.of("/usr/lib/go/bin"));

    private final Path work;
    private final Path proxy;
    private int runs;

    /** @param work a directory the test owns; the proxy goes in {@code work/proxy} */
    public GoModules(Path work) {
        this.work = work;
        this.proxy = work.resolve("proxy");
    }

    /** The directory in GOPROXY layout. */
    public Path proxyDir() {
        return proxy;
    }

    /** The {@code go} program: on PATH, else Debian's golang-1.23-go. Requires it (see {@link Prerequisites}). */
    public static Path goTool() {
        for (Path home : GO_HOMES) {
            if (Files.isExecutable(home.resolve("go"))) {
                return home.resolve("go");
            }
        }
        Prerequisites.requireProgram("go");
        return Path.of("go");
    }

    /** One module version to publish. */
    public final class Version {
        private final String path;
        private final String version;
        private String go = "1.21";
        private final Map<String, String> requires = new LinkedHashMap<>();
        private final Map<String, String> files = new TreeMap<>();

        private Version(String path, String version) {
            this.path = path;
            this.version = version;
        }

        /** The {@code go} line of its go.mod (before 1.17 its module graph is not pruned); null: none. */
        public Version go(String goVersion) {
            this.go = goVersion;
            return this;
        }

        public Version require(String modulePath, String moduleVersion) {
            requires.put(modulePath, moduleVersion);
            return this;
        }

        /** A file of the module, e.g. {@code ("greet/greet.go", "package greet ...")}. */
        public Version file(String name, String content) {
            files.put(name, content);
            return this;
        }

        /** A package {@code dir} (relative to the module root, "" for the root) whose Name() returns its import path. */
        public Version pkg(String dir, String... imports) {
            String name = dir.isEmpty() ? path.substring(path.lastIndexOf('/') + 1).replaceAll("[^a-z0-9]", "")
                    : dir.substring(dir.lastIndexOf('/') + 1);
            String importPath = dir.isEmpty() ? path : path + "/" + dir;
            StringBuilder src = new StringBuilder("package " + name + "\n\n");
            for (String i : imports) {
                src.append("import _ \"").append(i).append("\"\n");
            }
            src.append("\nfunc Name() string { return \"").append(importPath).append("\" }\n");
            return file((dir.isEmpty() ? "" : dir + "/") + name + ".go", src.toString());
        }

        public String goMod() {
            StringBuilder b = new StringBuilder("module " + path + "\n");
            if (go != null) {
                b.append("\ngo ").append(go).append('\n');
            }
            requires.forEach((p, v) -> b.append("\nrequire ").append(p).append(' ').append(v).append('\n'));
            return b.toString();
        }

        /** Writes the version into the proxy directory; returns the zip's path there. */
        public Path publish() {
            try {
                Path at = Files.createDirectories(proxy.resolve(escape(path)).resolve("@v"));
                String base = escape(version);
                Files.writeString(at.resolve(base + ".mod"), goMod());
                Files.writeString(at.resolve(base + ".info"), "{\"Version\":\"" + version + "\",\"Time\":\"2024-01-02T03:04:05Z\"}");
                Path zip = at.resolve(base + ".zip");
                try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
                    Map<String, String> all = new TreeMap<>(files);
                    all.put("go.mod", goMod());
                    for (Map.Entry<String, String> f : all.entrySet()) {
                        z.putNextEntry(new ZipEntry(path + "@" + version + "/" + f.getKey()));
                        z.write(f.getValue().getBytes(StandardCharsets.UTF_8));
                        z.closeEntry();
                    }
                }
                Path list = at.resolve("list");
                List<String> versions = new ArrayList<>(Files.exists(list) ? Files.readAllLines(list) : List.of());
                versions.add(version);
                Files.write(list, versions);
                return zip;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Starts a module version; {@link Version#publish()} writes it. */
    public Version module(String path, String version) {
        return new Version(path, version);
    }

    /** The go command's case-escaping of module paths and versions. */
    public static String escape(String s) {
        StringBuilder b = new StringBuilder();
        s.chars().forEach(c -> b.append(c >= 'A' && c <= 'Z' ? "!" + (char) (c + 32) : String.valueOf((char) c)));
        return b.toString();
    }

    /** Runs {@code go mod tidy} in {@code app} against the proxy directory: go.mod gets its requirements, go.sum its hashes. */
    public void tidy(Path app) {
        go(app, freshModuleCache(), Map.of("GOFLAGS", "-mod=mod", "GOWORK", "off"), "mod", "tidy");
    }

    /**
     * Runs {@code go mod download} in {@code app} as Hermeto runs it (no arguments) into a fresh
     * module cache; returns that cache's {@code cache/download} directory (what Hermeto copies).
     */
    public Path download(Path app) {
        Path cache = freshModuleCache();
        go(app, cache, Map.of(), "mod", "download");
        return cache.resolve("cache/download");
    }

    /** The regular files under {@code dir}, as sorted relative paths. */
    public static List<String> filesUnder(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path freshModuleCache() {
        return work.resolve("gomodcache-" + (++runs));
    }

    /** Runs the go tool in {@code dir} offline against the proxy directory; fails with its output. */
    public String go(Path dir, Path moduleCache, String... args) {
        return go(dir, moduleCache, Map.of("GOFLAGS", "-mod=mod"), args);
    }

    /** As {@link #go(Path, Path, String...)}, with {@code env} added to (or over) the offline set-up. */
    public String go(Path dir, Path moduleCache, Map<String, String> extraEnv, String... args) {
        List<String> command = new ArrayList<>();
        command.add(goTool().toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("GOPROXY", "file://" + proxy);
        env.put("GOSUMDB", "off");
        env.put("GOTOOLCHAIN", "local");
        env.put("GOTELEMETRY", "off");
        env.put("GOMODCACHE", moduleCache.toString());
        env.put("GOCACHE", work.resolve("gocache").toString());
        env.put("GOPATH", work.resolve("gopath").toString());
        env.put("HOME", work.toString());
        env.putAll(extraEnv);
        return ExternalProgram.output(pb, Duration.ofMinutes(5));
    }

    /** Puts every file of the proxy directory into {@code server} under {@code prefix} (e.g. {@code /goproxy/}). */
    public void serve(UpstreamServer server, String prefix) {
        try (Stream<Path> s = Files.walk(proxy)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                server.put(prefix + proxy.relativize(f), f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a main module {@code go.mod} (path, go version) and {@code main.go} importing {@code imports}. */
    public static Path app(Path dir, String modulePath, String goVersion, String... imports) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("go.mod"), "module " + modulePath + "\n\ngo " + goVersion + "\n");
            StringBuilder main = new StringBuilder("package main\n\nimport (\n\t\"fmt\"\n");
            for (int i = 0; i < imports.length; i++) {
                main.append("\tp").append(i).append(" \"").append(imports[i]).append("\"\n");
            }
            main.append(")\n\nfunc main() {\n");
            for (int i = 0; i < imports.length; i++) {
                main.append("\tfmt.Println(p").append(i).append(".Name())\n");
            }
            main.append("}\n");
            Files.writeString(dir.resolve("main.go"), main.toString());
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
