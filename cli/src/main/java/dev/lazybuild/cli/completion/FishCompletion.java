package dev.lazybuild.cli.completion;

import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine;

/**
 * fish {@code complete} lines. fish has no notion of a command tree, so each line carries a
 * condition: the subcommands typed so far ({@code __fish_seen_subcommand_from}).
 */
public final class FishCompletion {
    private FishCompletion() { }

    public static String script(CommandLine root) {
        String name = root.getCommandName();
        StringBuilder s = new StringBuilder();
        s.append("# fish completion for ").append(name)
                .append(", generated from its command model: 'lazybuild completion fish'. Do not edit.\n");
        s.append("# Install in ~/.config/fish/completions/").append(name).append(".fish, or: ")
                .append(name).append(" completion fish | source\n");
        s.append("complete -c ").append(name).append(" -e\n");
        s.append("complete -c ").append(name).append(" -f\n");
        command(s, name, root);
        return s.toString();
    }

    private static void command(StringBuilder s, String program, CommandLine cmd) {
        CommandSpec spec = cmd.getCommandSpec();
        Map<String, CommandLine> subs = CompletionModel.subcommands(cmd);
        List<String> path = CompletionModel.path(cmd).subList(1, CompletionModel.path(cmd).size());
        String here = condition(path, subs);
        s.append("\n# ").append(String.join(" ", CompletionModel.path(cmd))).append('\n');
        for (OptionSpec o : CompletionModel.options(spec)) {
            s.append("complete -c ").append(program).append(" -n ").append(quote(here));
            for (String n : o.names()) {
                s.append(n.startsWith("--") ? " -l " + n.substring(2) : " -s " + n.substring(1));
            }
            if (CompletionModel.takesValue(o)) {
                s.append(values(o));
            }
            s.append(" -d ").append(quote(CompletionModel.summary(o.description()))).append('\n');
        }
        subs.forEach((name, sub) -> s.append("complete -c ").append(program).append(" -n ").append(quote(here))
                .append(" -a ").append(name).append(" -d ")
                .append(quote(CompletionModel.summary(sub))).append('\n'));
        if (subs.isEmpty()) {
            for (PositionalParamSpec p : spec.positionalParameters()) {
                if (!p.hidden()) {
                    s.append("complete -c ").append(program).append(" -n ").append(quote(here)).append(values(cmd, p))
                            .append(" -d ").append(quote(p.paramLabel())).append('\n');
                }
            }
            if (CompletionModel.passesUnmatchedArguments(spec)) {
                s.append("complete -c ").append(program).append(" -n ").append(quote(here)).append(" -F\n");
            }
        }
        subs.values().forEach(sub -> command(s, program, sub));
    }

    /** True while the words typed so far are {@code path} and none of its subcommands yet. */
    private static String condition(List<String> path, Map<String, CommandLine> subs) {
        StringBuilder c = new StringBuilder();
        if (path.isEmpty()) {
            c.append("__fish_use_subcommand");
        } else {
            for (String p : path) {
                c.append(c.length() == 0 ? "" : "; and ").append("__fish_seen_subcommand_from ").append(p);
            }
            if (!subs.isEmpty()) {
                c.append("; and not __fish_seen_subcommand_from ").append(String.join(" ", subs.keySet()));
            }
        }
        return c.toString();
    }

    private static String values(ArgSpec a) {
        return values(null, a);
    }

    private static String values(CommandLine cmd, ArgSpec a) {
        List<String> candidates = cmd == null ? CompletionModel.candidates(a) : CompletionModel.candidates(cmd, a);
        if (!candidates.isEmpty()) {
            return " -x -a " + quote(String.join(" ", candidates));
        }
        return CompletionModel.completesFiles(a) ? " -r -F" : " -x";
    }

    private static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
