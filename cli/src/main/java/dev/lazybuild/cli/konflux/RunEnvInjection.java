package dev.lazybuild.cli.konflux;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lazybuild.fetch.LazybuildException;
import dev.lazybuild.vfs.tree.Cachi2Env;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies {@code /cachi2/cachi2.env} to a Containerfile's RUN steps the way konflux-build-cli
 * does when buildah cannot take the variables as secret env mounts (buildah before 1.44, which
 * is every podman lazybuild meets today): {@code . /cachi2/cachi2.env && \} is put before the
 * command of each shell-form RUN, after its flags ({@code pkg/common/containerfile_editor/
 * run_injector.go}). Like it, this skips RUNs in exec form ({@code RUN ["cmd"]}), RUNs whose
 * command is a bare heredoc ({@code RUN <<EOF}; {@code RUN bash <<EOF} is fine) and RUNs with
 * no command, and reports each skipped one so the user can be told.
 *
 * <p>Instructions are found as buildkit's parser finds them: parser directives ({@code # escape=}),
 * comment and blank lines, line continuations, and heredoc bodies (which are never instructions).
 */
public final class RunEnvInjection {
    private static final Pattern DIRECTIVE = Pattern.compile("^#\\s*([a-zA-Z][a-zA-Z0-9]*)\\s*=\\s*(.+?)\\s*$");
    private static final Pattern HEREDOC = Pattern.compile("^(\\d*)<<(-?)([^<]*)$");
    private static final Set<String> HEREDOC_INSTRUCTIONS = Set.of("run", "copy", "add");

    private RunEnvInjection() { }

    /** Made on the first RUN that may be in exec form: Jackson's ~350 classes are no part of every build's start. */
    private static final class ExecFormJson {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    /** Why a RUN step was left as it was. */
    public enum Skip {
        HEREDOC("its command is a bare heredoc; name the shell ('RUN /bin/sh <<EOF') to get the variables"),
        EXEC_FORM("it is in exec form (a JSON array); use the shell form to get the variables"),
        NO_OP("it has no command");

        private final String reason;

        Skip(String reason) {
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    /** A RUN step left unchanged, by its line number (1-based) in the Containerfile. */
    public record SkippedRun(int line, Skip why) { }

    /** The rewritten Containerfile and the RUN steps it leaves as they were. */
    public record Result(String containerfile, List<SkippedRun> skipped) {
        public Result {
            skipped = List.copyOf(skipped);
        }
    }

    /** What konflux-build-cli injects: {@code . <env file> && \} and an indented new line. */
    public static String sourcing(String envFile) {
        return ". " + Cachi2Env.shellQuoted(envFile) + " && \\\n    ";
    }

    /**
     * @param containerfile the Containerfile's text
     * @param toInject the text to put before each command; its line breaks become continuations
     * @param shown names the Containerfile in messages
     */
    public static Result inject(String containerfile, String toInject, String shown) {
        List<String> lines = splitLines(containerfile);
        Parsed parsed = parse(lines, shown);
        String injection = continued(toInject, parsed.escape);
        List<SkippedRun> skipped = new ArrayList<>();
        for (Instruction run : parsed.runs) {
            if (run.json) {
                skipped.add(new SkippedRun(run.line + 1, Skip.EXEC_FORM));
                continue;
            }
            List<Integer> physical = physicalLines(lines, run.line, parsed.escape);
            StringBuilder logical = new StringBuilder();
            physical.forEach(i -> logical.append(trimContinuation(lines.get(i), parsed.escape)));
            int index = injectionIndex(logical.toString(), parsed.escape, run.line + 1, skipped);
            if (index >= 0) {
                insert(lines, physical, index, injection, parsed.escape);
            }
        }
        return new Result(String.join("\n", lines) + "\n", skipped);
    }

    /** A RUN instruction: its first physical line (0-based) and whether it is in exec form. */
    private record Instruction(int line, boolean json) { }

    private record Parsed(char escape, List<Instruction> runs) { }

    /** buildkit's parser, reduced to what the injection needs: where each RUN starts, and the escape character. */
    private static Parsed parse(List<String> lines, String shown) {
        char escape = '\\';
        boolean directives = true;
        boolean anyInstruction = false;
        List<Instruction> runs = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            String raw = stripNewline(i == 0 && lines.get(0).startsWith("\uFEFF") ? lines.get(0).substring(1) : lines.get(i));
            String line = stripLeading(raw);
            if (directives) {
                Matcher d = DIRECTIVE.matcher(line);
                if (d.matches()) {
                    if (d.group(1).toLowerCase(Locale.ROOT).equals("escape")) {
                        String token = d.group(2);
                        if (!token.equals("`") && !token.equals("\\")) {
                            throw new LazybuildException(LazybuildException.Kind.CONFIG, shown + ": invalid escape token '"
                                    + token + "' does not match ` or \\");
                        }
                        escape = token.charAt(0);
                    }
                    i++;
                    continue;
                }
                directives = false;
            }
            int start = i++;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            StringBuilder logical = new StringBuilder(trimContinuation(line, escape));
            boolean ended = !hasContinuation(line, escape);
            while (!ended && i < lines.size()) {
                String next = stripNewline(lines.get(i++));
                if (stripLeading(next).startsWith("#") || stripLeading(next).isEmpty()) {
                    continue; // buildkit drops comment lines and empty lines inside a continuation
                }
                logical.append(trimContinuation(next, escape));
                ended = !hasContinuation(next, escape);
            }
            anyInstruction = true;
            List<String> words = words(logical.toString());
            String instruction = words.get(0).toLowerCase(Locale.ROOT);
            String heredocHolder = instruction.equals("onbuild") && words.size() > 1
                    ? words.get(1).toLowerCase(Locale.ROOT) : instruction;
            boolean json = instruction.equals("run") && isJson(logical.toString());
            if (instruction.equals("run")) {
                runs.add(new Instruction(start, json));
            }
            if (HEREDOC_INSTRUCTIONS.contains(heredocHolder) && !json && logical.indexOf("<<") >= 0) {
                i = skipHeredocBodies(lines, i, logical.toString(), shown, start);
            }
        }
        if (!anyInstruction) {
            throw new LazybuildException(LazybuildException.Kind.CONFIG, shown + ": file with no instructions");
        }
        return new Parsed(escape, runs);
    }

    /** Consumes each heredoc's body up to its terminator, as buildkit does; returns the next line's index. */
    private static int skipHeredocBodies(List<String> lines, int i, String logical, String shown, int start) {
        for (Token word : tokenize(logical, '\\')) {
            Matcher m = HEREDOC.matcher(word.raw());
            if (!m.matches() || m.group(3).isEmpty()) {
                continue;
            }
            String name = unquoted(m.group(3));
            if (name.isEmpty()) {
                continue;
            }
            boolean chomp = m.group(2).equals("-");
            boolean terminated = false;
            while (i < lines.size()) {
                String body = stripNewline(lines.get(i++));
                if ((chomp ? body.replaceFirst("^\t+", "") : body).equals(name)) {
                    terminated = true;
                    break;
                }
            }
            if (!terminated) {
                throw new LazybuildException(LazybuildException.Kind.CONFIG, shown + ": line " + (start + 1)
                        + ": unterminated heredoc " + name);
            }
        }
        return i;
    }

    /** A heredoc word without its quotes: {@code 'EOF'} and {@code "EOF"} name EOF. */
    private static String unquoted(String word) {
        StringBuilder out = new StringBuilder();
        char quote = 0;
        for (int k = 0; k < word.length(); k++) {
            char c = word.charAt(k);
            if (quote == 0 && (c == '\'' || c == '"')) {
                quote = c;
            } else if (c == quote) {
                quote = 0;
            } else if (c == '\\' && quote != '\'' && k + 1 < word.length()) {
                out.append(word.charAt(++k));
            } else if (quote == 0 && isSpace(c)) {
                return ""; // more than one word: not a heredoc
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Exec form: after the flags, the rest is a JSON array of strings (buildkit's parseMaybeJSON). */
    private static boolean isJson(String logical) {
        List<Token> tokens = tokenize(logical, '\\');
        for (int k = 1; k < tokens.size(); k++) {
            if (!tokens.get(k).raw().startsWith("--")) {
                String rest = logical.substring(tokens.get(k).start()).strip();
                if (!rest.startsWith("[")) {
                    return false;
                }
                try {
                    JsonNode node = ExecFormJson.MAPPER.readTree(rest);
                    if (node == null || !node.isArray()) {
                        return false;
                    }
                    for (JsonNode element : node) {
                        if (!element.isTextual()) {
                            return false;
                        }
                    }
                    return true;
                } catch (JacksonException e) {
                    return false;
                }
            }
        }
        return false;
    }

    /** konflux-build-cli's getPhysicalLines: the RUN's first line and its continuations, comment lines skipped. */
    private static List<Integer> physicalLines(List<String> lines, int start, char escape) {
        List<Integer> out = new ArrayList<>();
        for (int i = start; i < lines.size(); i++) {
            String line = lines.get(i);
            if (stripLeading(line).startsWith("#")) {
                continue;
            }
            out.add(i);
            if (!hasContinuation(line, escape)) {
                break;
            }
        }
        return out;
    }

    /** Where the command starts in the logical line, or -1 (and the reason recorded) when the RUN is skipped. */
    private static int injectionIndex(String logical, char escape, int lineNumber, List<SkippedRun> skipped) {
        List<Token> tokens = tokenize(logical, escape);
        for (int k = 1; k < tokens.size(); k++) {
            String raw = tokens.get(k).raw();
            if (raw.startsWith("--")) {
                continue;
            }
            if (raw.startsWith("#")) {
                break;
            }
            Matcher m = HEREDOC.matcher(raw);
            if (m.matches() && !m.group(3).isEmpty() && !unquoted(m.group(3)).isEmpty()) {
                skipped.add(new SkippedRun(lineNumber, Skip.HEREDOC));
                return -1;
            }
            return tokens.get(k).start();
        }
        skipped.add(new SkippedRun(lineNumber, Skip.NO_OP));
        return -1;
    }

    /** Inserts the text at an offset of the logical line, in the physical line that holds that offset. */
    private static void insert(List<String> lines, List<Integer> physical, int index, String text, char escape) {
        int offset = index;
        for (int i : physical) {
            String line = lines.get(i);
            int contribution = trimContinuation(line, escape).length();
            if (contribution > offset) {
                lines.set(i, line.substring(0, offset) + text + line.substring(offset));
                return;
            }
            offset -= contribution;
        }
        throw new IllegalStateException("injection offset " + index + " beyond the RUN instruction");
    }

    /** The injection's line breaks as continuations with this file's escape character. */
    private static String continued(String toInject, char escape) {
        List<String> parts = splitLines(toInject);
        List<String> trimmed = new ArrayList<>();
        parts.forEach(p -> trimmed.add(trimContinuation(p, '\\')));
        return String.join(escape + "\n", trimmed);
    }

    /** A word of a line and where it starts; quotes and escapes are kept as written. */
    private record Token(int start, String raw) { }

    /** konflux-build-cli's tokenizer: whitespace splits words except inside quotes or after an escape. */
    private static List<Token> tokenize(String line, char escape) {
        List<Token> tokens = new ArrayList<>();
        int start = -1;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            boolean space = isSpace(c);
            if (!space && start < 0) {
                start = i;
            }
            if (space) {
                if (quote == 0 && start >= 0) {
                    tokens.add(new Token(start, line.substring(start, i)));
                    start = -1;
                }
            } else if (c == escape) {
                if (isAnEscape(line, i, quote, escape)) {
                    i++;
                }
            } else if (c == '\'' || c == '"') {
                if (quote == 0) {
                    quote = c;
                } else if (quote == c) {
                    quote = 0;
                }
            }
        }
        if (start >= 0) {
            tokens.add(new Token(start, line.substring(start)));
        }
        return tokens;
    }

    /** buildkit's lexer: always literal in single quotes; in double quotes only before ", $ or the escape itself. */
    private static boolean isAnEscape(String line, int i, char quote, char escape) {
        if (quote == '\'') {
            return false;
        }
        if (quote == '"') {
            if (i + 1 >= line.length()) {
                return false;
            }
            char next = line.charAt(i + 1);
            return next == '"' || next == '$' || next == escape;
        }
        return true;
    }

    private static List<String> words(String logical) {
        List<String> words = new ArrayList<>();
        tokenize(logical, '\\').forEach(t -> words.add(t.raw()));
        return words.isEmpty() ? List.of("") : words;
    }

    /** A trailing escape (followed only by spaces or tabs) not itself escaped removed, as buildkit does. */
    static String trimContinuation(String line, char escape) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
            end--;
        }
        if (end > 0 && line.charAt(end - 1) == escape && (end == 1 || line.charAt(end - 2) != escape)) {
            return line.substring(0, end - 1);
        }
        return line;
    }

    private static boolean hasContinuation(String line, char escape) {
        return trimContinuation(line, escape).length() != line.length();
    }

    /** Lines without their '\n', as Go's strings.Lines with the newline trimmed: no empty last line for a final '\n'. */
    private static List<String> splitLines(String s) {
        List<String> lines = new ArrayList<>(List.of(s.split("\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    private static String stripNewline(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    private static String stripLeading(String line) {
        int k = 0;
        while (k < line.length() && isSpace(line.charAt(k))) {
            k++;
        }
        return line.substring(k);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\u000B' || c == '\f';
    }
}
