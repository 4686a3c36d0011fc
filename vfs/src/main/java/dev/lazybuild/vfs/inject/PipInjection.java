package dev.lazybuild.vfs.inject;

import dev.lazybuild.vfs.lockfile.LockfileException;
import dev.lazybuild.vfs.lockfile.Names;
import dev.lazybuild.vfs.pip.Requirement;
import dev.lazybuild.vfs.pip.RequirementsFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What Hermeto's inject-files writes over a pip requirements file ({@code
 * _replace_external_requirements} in {@code python/pip/main.py}): when the file has URL or VCS
 * requirements, the whole file written again from what Hermeto parsed of it, each such
 * requirement pointing at its file under {@code file://<output>/deps/pip/}. Hermeto regenerates
 * rather than edits, so the build sees its normal form: comments and blank lines gone,
 * continuation lines joined, every global option on the first line in file order, each
 * requirement on one line as {@code [options] requirement [--hash=...]}. The text is then a
 * {@code string.Template} that inject-files fills with {@code safe_substitute(output_dir=...)},
 * so {@code $$} anywhere in the file becomes {@code $} and {@code $output_dir} the output
 * directory, as in Konflux. A file without URL or VCS requirements is left as it is.
 */
public final class PipInjection {
    private static final String OUTPUT_DIR = "output_dir";

    private PipInjection() { }

    /**
     * @param file a requirements file as Hermeto reads it
     * @param outputDir where the build sees Hermeto's output, e.g. {@code /cachi2/output}
     * @return the bytes inject-files writes over it, or empty when Hermeto leaves it unchanged
     * @throws LockfileException naming file and line, for a requirement lazybuild cannot write back as Hermeto would
     */
    public static Optional<byte[]> requirementsFile(RequirementsFile file, String outputDir) {
        if (file.requirements().stream().allMatch(r -> r.kind() == Requirement.Kind.PYPI)) {
            return Optional.empty();
        }
        List<String> options = new ArrayList<>();
        for (RequirementsFile.Option o : file.options()) {
            options.add(o.name());
            if (o.value() != null) {
                options.add(o.value());
            }
        }
        StringBuilder template = new StringBuilder();
        if (!options.isEmpty()) {
            template.append(String.join(" ", options)).append('\n');
        }
        for (Requirement r : file.requirements()) {
            template.append(r.kind() == Requirement.Kind.PYPI ? r.hermetoLine() : pointedAtItsFile(file, r)).append('\n');
        }
        return Optional.of(safeSubstitute(template.toString(), outputDir).getBytes(StandardCharsets.UTF_8));
    }

    private static String pointedAtItsFile(RequirementsFile file, Requirement r) {
        try {
            String name = r.prefetchedFileName();
            String problem = Names.problemWith(name);
            if (problem != null) {
                throw new IllegalArgumentException("its file in deps/pip would be named '" + Names.abbreviated(name) + "', which "
                        + problem);
            }
            return r.hermetoLineAt("file://${" + OUTPUT_DIR + "}/deps/pip/" + name);
        } catch (IllegalArgumentException e) {
            throw LockfileException.at(file.path(), "line " + r.line(), e.getMessage());
        }
    }

    /**
     * Python's {@code string.Template(text).safe_substitute(output_dir=value)}: {@code $$} is
     * {@code $}; {@code $output_dir} and {@code ${output_dir}} are the value; any other
     * {@code $name}, {@code ${name}} or lone {@code $} stays as written. Identifiers are ASCII
     * letters, digits and '_', not starting with a digit, matched case-insensitively but looked up
     * exactly (so {@code $OUTPUT_DIR} stays).
     */
    static String safeSubstitute(String text, String value) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 < text.length() && text.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
                continue;
            }
            int start = i + 1;
            boolean braced = start < text.length() && text.charAt(start) == '{';
            int nameStart = braced ? start + 1 : start;
            int end = nameStart;
            if (end < text.length() && isIdentifierStart(text.charAt(end))) {
                end++;
                while (end < text.length() && isIdentifierPart(text.charAt(end))) {
                    end++;
                }
            }
            boolean named = end > nameStart && (!braced || (end < text.length() && text.charAt(end) == '}'));
            if (!named) {
                out.append('$');
                i++;
                continue;
            }
            int matchEnd = braced ? end + 1 : end;
            out.append(text.substring(nameStart, end).equals(OUTPUT_DIR) ? value : text.substring(i, matchEnd));
            i = matchEnd;
        }
        return out.toString();
    }

    private static boolean isIdentifierStart(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || (c >= '0' && c <= '9');
    }
}
