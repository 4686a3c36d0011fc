package dev.lazybuild.vfs.gomod;

import dev.lazybuild.vfs.lockfile.LockfileException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parts of a {@code go.mod} file that decide what the go command downloads: the module's
 * path, its {@code go} version (which says whether its module graph is pruned), its
 * requirements, and, for the main module only, {@code replace} and {@code exclude}.
 * Read with the syntax of {@code golang.org/x/mod/modfile}: one directive per line or a
 * parenthesised block of them, {@code //} comments, Go-quoted or back-quoted strings.
 *
 * @param module the module path, or null when the file has no module line (a dependency's go.mod may not)
 * @param goVersion the {@code go} directive, or null when absent (Go then assumes 1.16)
 * @param requires the required module versions in file order, each with whether it is {@code // indirect}
 * @param replaces keyed by the replaced module path and, when the directive names one, version
 * @param excludes the excluded module versions
 */
public record GoModFile(String module, String goVersion, List<Requirement> requires,
                        Map<Replaced, Replacement> replaces, Set<ModuleVersion> excludes) {

    /** One {@code require} line. */
    public record Requirement(ModuleVersion module, boolean indirect) { }

    /** The left side of a {@code replace}: a path, and a version or null for every version. */
    public record Replaced(String path, String version) { }

    /**
     * The right side of a {@code replace}: another module version, or a directory (a path
     * starting with {@code ./}, {@code ../} or {@code /}) whose go.mod is on disk, not downloaded.
     */
    public record Replacement(ModuleVersion module, String directory) {
        public boolean isDirectory() {
            return directory != null;
        }

        @Override
        public String toString() {
            return isDirectory() ? directory : module.path() + " " + module.version();
        }
    }

    /** From Go 1.17 on, a module's go.mod lists every module its packages need: its graph is pruned. */
    public boolean prunesModuleGraph() {
        return goVersion != null && GoVersion.atLeast(goVersion, "1.17");
    }

    /**
     * The replacement go applies to {@code m}: one naming its exact version wins over one for
     * every version of its path; null when {@code m} is not replaced.
     */
    public Replacement replacementOf(ModuleVersion m) {
        Replacement exact = replaces.get(new Replaced(m.path(), m.version()));
        return exact != null ? exact : replaces.get(new Replaced(m.path(), null));
    }

    /**
     * Parses {@code text}.
     *
     * @param name the file's name for messages ({@code prefetch-input/app/go.mod})
     * @param main whether this is the main module's go.mod: it must name its module and every
     *        directive must be known, as the go command demands; a dependency's go.mod is read
     *        leniently, and its replace and exclude lines are ignored, as the go command does
     * @throws LockfileException naming the file, the line and what is wrong
     */
    public static GoModFile parse(String name, String text, boolean main) {
        return new Parser(name, main, false).parse(text).goMod();
    }

    /**
     * Both files share modfile's syntax; go.work has {@code use} where go.mod has
     * {@code module}, {@code require} and {@code exclude}.
     */
    static final class Parser {
        private final String name;
        private final boolean main;
        private final boolean work;
        private String module;
        private String goVersion;
        private final List<Requirement> requires = new ArrayList<>();
        private final Map<Replaced, Replacement> replaces = new LinkedHashMap<>();
        private final Set<ModuleVersion> excludes = new LinkedHashSet<>();
        private final List<String> uses = new ArrayList<>();

        Parser(String name, boolean main, boolean work) {
            this.name = name;
            this.main = main;
            this.work = work;
        }

        Parser parse(String text) {
            List<Line> lines = Line.split(name, text);
            String block = null;
            int blockStart = 0;
            for (Line line : lines) {
                List<String> t = line.tokens();
                if (t.isEmpty()) {
                    continue;
                }
                if (block != null) {
                    if (t.equals(List.of(")"))) {
                        block = null;
                    } else {
                        directive(line, block, t);
                    }
                } else if (t.size() == 2 && t.get(1).equals("(")) {
                    block = t.get(0);
                    blockStart = line.number();
                } else {
                    directive(line, t.get(0), t.subList(1, t.size()));
                }
            }
            if (block != null) {
                throw new LockfileException(name + ":" + blockStart + ": '" + block + " (' block is never closed");
            }
            if (main && !work && module == null) {
                throw new LockfileException(name + ": no 'module' line: this is not a go.mod file");
            }
            return this;
        }

        GoModFile goMod() {
            return new GoModFile(module, goVersion, List.copyOf(requires), Map.copyOf(replaces), Set.copyOf(excludes));
        }

        /** The directories of a go.work's {@code use} lines, as written. */
        List<String> uses() {
            return List.copyOf(uses);
        }

        private void directive(Line line, String verb, List<String> args) {
            if (work && (verb.equals("module") || verb.equals("require") || verb.equals("exclude"))) {
                throw line.error("'" + verb + "' is a go.mod directive, not allowed in go.work");
            }
            switch (verb) {
                case "use" -> {
                    if (!work) {
                        throw line.error("'use' is a go.work directive, not allowed in go.mod");
                    }
                    expect(line, verb, args, 1);
                    uses.add(args.get(0));
                }
                case "module" -> {
                    expect(line, verb, args, 1);
                    String problem = ModulePath.problemWith(args.get(0));
                    // The main module's own path is never downloaded; old projects use bare names.
                    if (problem != null && !main) {
                        throw line.error("module path '" + args.get(0) + "' " + problem);
                    }
                    module = args.get(0);
                }
                case "go" -> {
                    expect(line, verb, args, 1);
                    if (!GoVersion.isValid(args.get(0))) {
                        throw line.error("invalid go version '" + args.get(0) + "': must match 1.N or 1.N.P");
                    }
                    goVersion = args.get(0);
                }
                case "require" -> {
                    expect(line, verb, args, 2);
                    requires.add(new Requirement(moduleVersion(line, args.get(0), args.get(1)), line.indirect()));
                }
                case "exclude" -> {
                    expect(line, verb, args, 2);
                    if (main) {
                        excludes.add(moduleVersion(line, args.get(0), args.get(1)));
                    }
                }
                case "replace" -> {
                    if (main) {
                        replace(line, args);
                    }
                }
                case "toolchain", "godebug", "retract", "tool", "ignore" -> {
                    // No bearing on which modules are downloaded.
                }
                default -> {
                    if (main) {
                        throw line.error("unknown directive '" + verb + "'");
                    }
                }
            }
        }

        private void replace(Line line, List<String> args) {
            int arrow = args.indexOf("=>");
            if (arrow < 1 || arrow > 2 || args.size() - arrow - 1 < 1 || args.size() - arrow - 1 > 2) {
                throw line.error("expected 'replace PATH [VERSION] => PATH [VERSION]' or '=> DIRECTORY'");
            }
            String oldPath = args.get(0);
            String oldVersion = arrow == 2 ? args.get(1) : null;
            if (oldVersion != null) {
                moduleVersion(line, oldPath, oldVersion);
            } else if (ModulePath.problemWith(oldPath) != null) {
                throw line.error("module path '" + oldPath + "' " + ModulePath.problemWith(oldPath));
            }
            List<String> right = args.subList(arrow + 1, args.size());
            Replacement replacement;
            if (isDirectory(right.get(0))) {
                if (right.size() != 1) {
                    throw line.error("a replacement directory takes no version: '" + String.join(" ", right) + "'");
                }
                replacement = new Replacement(null, right.get(0));
            } else {
                if (right.size() != 2) {
                    throw line.error("replacement module " + right.get(0) + " needs a version"
                            + " (or a directory starting with ./ or ../)");
                }
                replacement = new Replacement(moduleVersion(line, right.get(0), right.get(1)), null);
            }
            if (replaces.putIfAbsent(new Replaced(oldPath, oldVersion), replacement) != null) {
                throw line.error("duplicate replacement for " + oldPath + (oldVersion == null ? "" : " " + oldVersion));
            }
        }

        /** As modfile.IsDirectoryPath: a local path, never a module path. */
        private static boolean isDirectory(String p) {
            return p.equals(".") || p.equals("..") || p.startsWith("./") || p.startsWith("../") || p.startsWith("/");
        }

        private ModuleVersion moduleVersion(Line line, String path, String version) {
            String problem = ModulePath.problemWith(path);
            if (problem != null) {
                throw line.error("module path '" + path + "' " + problem);
            }
            if (!ModuleVersion.isCanonical(version)) {
                throw line.error(path + ": version '" + version + "' is not a canonical version (vMAJOR.MINOR.PATCH);"
                        + " lazybuild cannot resolve branches or queries: run 'go mod tidy'");
            }
            return new ModuleVersion(path, version);
        }

        private static void expect(Line line, String verb, List<String> args, int n) {
            if (args.size() != n) {
                throw line.error("'" + verb + "' takes " + n + (n == 1 ? " argument" : " arguments") + ", got " + args.size());
            }
        }
    }

    /** One line of the file, split into tokens, with its trailing comment. */
    record Line(String file, int number, List<String> tokens, String comment) {
        LockfileException error(String message) {
            return new LockfileException(file + ":" + number + ": " + message);
        }

        /** modfile's rule: the comment's first word is {@code indirect} (optionally followed by {@code ;}). */
        boolean indirect() {
            String c = comment.strip();
            return c.equals("indirect") || c.startsWith("indirect;");
        }

        static List<Line> split(String file, String text) {
            List<Line> out = new ArrayList<>();
            String[] raw = text.split("\n", -1);
            for (int i = 0; i < raw.length; i++) {
                out.add(tokenize(file, i + 1, raw[i]));
            }
            return out;
        }

        private static Line tokenize(String file, int number, String s) {
            List<String> tokens = new ArrayList<>();
            int i = 0;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == ' ' || c == '\t' || c == '\r') {
                    i++;
                } else if (s.startsWith("//", i)) {
                    return new Line(file, number, tokens, s.substring(i + 2));
                } else if (c == '(' || c == ')') {
                    tokens.add(String.valueOf(c));
                    i++;
                } else if (c == '"') {
                    int end = i + 1;
                    StringBuilder v = new StringBuilder();
                    while (end < s.length() && s.charAt(end) != '"') {
                        if (s.charAt(end) == '\\' && end + 1 < s.length()) {
                            end++;
                            char e = s.charAt(end);
                            if (e != '"' && e != '\\') {
                                throw new LockfileException(file + ":" + number + ": unsupported escape '\\" + e + "' in a quoted string");
                            }
                        }
                        v.append(s.charAt(end));
                        end++;
                    }
                    if (end >= s.length()) {
                        throw new LockfileException(file + ":" + number + ": unterminated quoted string");
                    }
                    tokens.add(v.toString());
                    i = end + 1;
                } else if (c == '`') {
                    int end = s.indexOf('`', i + 1);
                    if (end < 0) {
                        throw new LockfileException(file + ":" + number + ": unterminated back-quoted string");
                    }
                    tokens.add(s.substring(i + 1, end));
                    i = end + 1;
                } else {
                    int end = i;
                    while (end < s.length() && " \t\r()\"`".indexOf(s.charAt(end)) < 0 && !s.startsWith("//", end)) {
                        end++;
                    }
                    tokens.add(s.substring(i, end));
                    i = end;
                }
            }
            return new Line(file, number, tokens, "");
        }
    }
}
