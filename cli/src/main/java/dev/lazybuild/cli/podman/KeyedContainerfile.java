package dev.lazybuild.cli.podman;

import dev.lazybuild.fetch.LazybuildException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why this exists: podman (buildah) keys a cached RUN layer on the parent layer and the
 * instruction text, never on the content of a {@code --volume}, so after a lockfile change
 * {@code --layers} would reuse a layer built from the old dependencies (measured with podman
 * 4.3: an undeclared {@code --build-arg}, {@code --env} and {@code --label} all leave the key
 * unchanged). A build argument that a stage declares with ARG does enter the key of every
 * later RUN in that stage ({@code |1 LAZYBUILD_TREE=<key> /bin/sh -c ...} in the history).
 * So lazybuild builds from a copy of the Containerfile with {@code ARG LAZYBUILD_TREE} after
 * every FROM, and passes the tree's {@link LayerCacheKey} as that argument: layers are shared
 * exactly between builds that see the same tree.
 */
public final class KeyedContainerfile {
    private static final Pattern ESCAPE_DIRECTIVE = Pattern.compile("^#\\s*escape\\s*=\\s*(\\S)\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern FROM = Pattern.compile("^\\s*FROM\\s", Pattern.CASE_INSENSITIVE);

    private KeyedContainerfile() { }

    /**
     * The Containerfile podman would use for these arguments: the single {@code -f} file, else
     * Containerfile or Dockerfile in the context; empty for stdin, URLs or several files.
     */
    public static Optional<Path> locate(PodmanArguments podman) {
        List<String> files = podman.containerfiles();
        if (files.size() > 1) {
            return Optional.empty();
        }
        if (files.size() == 1) {
            String f = files.get(0);
            if (f.equals("-") || f.contains("://")) {
                return Optional.empty();
            }
            Path p = Path.of(f);
            return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
        }
        for (String name : List.of("Containerfile", "Dockerfile")) {
            Path p = podman.context().resolve(name);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Writes {@code original} with the key's ARG after every FROM to {@code target}. */
    public static void write(Path original, Path target) {
        try {
            Files.writeString(target, withKeyArgument(Files.readString(original, StandardCharsets.UTF_8)),
                    StandardCharsets.UTF_8);
            // buildah also reads an ignore file named after the Containerfile: keep it beside the copy.
            for (String suffix : List.of(".containerignore", ".dockerignore")) {
                Path ignore = original.resolveSibling(original.getFileName() + suffix);
                if (Files.isRegularFile(ignore)) {
                    Files.copy(ignore, target.resolveSibling(target.getFileName() + suffix));
                }
            }
        } catch (IOException e) {
            throw new LazybuildException(LazybuildException.Kind.CONFIG, "cannot read " + original + " or write "
                    + target + ": " + e.getMessage(), e);
        }
    }

    /** The text with {@code ARG LAZYBUILD_TREE} after each FROM instruction, continuation lines included. */
    static String withKeyArgument(String containerfile) {
        String[] lines = containerfile.split("\n", -1);
        char escape = '\\';
        boolean directivesPossible = true;
        boolean continued = false;
        boolean inFrom = false;
        StringBuilder out = new StringBuilder(containerfile.length() + 64);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String trimmed = line.strip();
            if (directivesPossible) {
                Matcher m = ESCAPE_DIRECTIVE.matcher(trimmed);
                if (m.matches()) {
                    escape = m.group(1).charAt(0);
                } else if (!(trimmed.startsWith("#") && trimmed.contains("="))) {
                    directivesPossible = false;
                }
            }
            out.append(line);
            if (i < lines.length - 1) {
                out.append('\n');
            }
            boolean comment = trimmed.startsWith("#");
            if (!continued && !comment && FROM.matcher(line + " ").find()) {
                inFrom = true;
            }
            if (comment) {
                continue; // a comment (or directive), also inside a continued instruction, neither ends nor continues it
            }
            continued = !trimmed.isEmpty() && trimmed.charAt(trimmed.length() - 1) == escape || continued && trimmed.isEmpty();
            if (inFrom && !continued) {
                inFrom = false;
                if (i == lines.length - 1) {
                    out.append('\n');
                }
                out.append("ARG ").append(LayerCacheKey.BUILD_ARG).append('\n');
            }
        }
        return out.toString();
    }
}
