package dev.lazybuild.cli.completion;

import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine;

/**
 * A native zsh completion function ({@code _arguments}), one shell function per command. As a
 * file named {@code _lazybuild} on {@code $fpath} its body runs on the first completion: it
 * defines the functions, then completes.
 */
public final class ZshCompletion {
    private ZshCompletion() { }
public 
    static String script(CommandLine root) {
        StringBuilder s = new StringBuilder();
        s.append("#compdef ").append(root.getCommandName()).append('\n');
        s.append("# zsh completion for ").append(root.getCommandName())
                .append(", generated from its command model: 'lazybuild completion zsh'. Do not edit.\n");
        s.append("# Install as _").append(root.getCommandName()).append(" in a directory on $fpath, or: source <(lazybuild completion zsh)\n\n");
        function(s, root);
        s.append("if [ \"$funcstack[1]\" = \"_").append(root.getCommandName()).append("\" ]; then\n")
                .append("  _").append(root.getCommandName()).append(" \"$@\"\n")
                .append("else\n")
                .append("  compdef _").append(root.getCommandName()).append(' ').append(root.getCommandName()).append('\n')
                .append("fi\n");
        return s.toString();
    }

    private static String functionName(CommandLine cmd) {
        return "_" + String.join("_", CompletionModel.path(cmd)).replace('-', '_');
    }

    private static void function(StringBuilder s, CommandLine cmd) {
        CommandSpec spec = cmd.getCommandSpec();
        Map<String, CommandLine> subs = CompletionModel.subcommands(cmd);
        s.append(functionName(cmd)).append("() {\n");
        if (!subs.isEmpty()) {
            s.append("  local curcontext=\"$curcontext\" state line\n  typeset -A opt_args\n");
        }
        s.append("  _arguments -s -S").append(subs.isEmpty() ? "" : " -C").append(" \\\n");
        for (OptionSpec o : CompletionModel.options(spec)) {
            s.append("    ").append(optionSpec(o)).append(" \\\n");
        }
        if (!subs.isEmpty()) {
            s.append("    '1: :->command' \\\n    '*:: :->argument'\n");
        } else {
            for (PositionalParamSpec p : spec.positionalParameters()) {
                if (p.hidden()) {
                    continue;
                }
                s.append("    '").append(CompletionModel.repeatable(p) ? "*" : (p.index().min() + 1))
                        .append(':').append(quote(p.paramLabel())).append(':').append(action(cmd, p)).append("' \\\n");
            }
            if (CompletionModel.passesUnmatchedArguments(spec)) {
                s.append("    '*:argument:_files' \\\n");
            }
            s.setLength(s.length() - 3);
            s.append('\n');
        }
        if (!subs.isEmpty()) {
            s.append("  case $state in\n    command)\n      local -a commands\n      commands=(\n");
            subs.forEach((name, sub) -> s.append("        '").append(quote(name)).append(':')
                    .append(quote(CompletionModel.summary(sub)))
                    .append("'\n"));
            s.append("      )\n      _describe -t commands '").append(cmd.getCommandName()).append(" command' commands\n      ;;\n");
            s.append("    argument)\n      case $line[1] in\n");
            subs.forEach((name, sub) -> s.append("        ").append(name).append(") ").append(functionName(sub)).append(" ;;\n"));
            s.append("      esac\n      ;;\n  esac\n");
        }
        s.append("}\n\n");
        subs.values().forEach(sub -> function(s, sub));
    }

    private static String optionSpec(OptionSpec o) {
        String[] names = o.names();
        String desc = "[" + quote(CompletionModel.summary(o.description())).replace("[", "\\[").replace("]", "\\]") + "]";
        String value = CompletionModel.takesValue(o) ? ":" + quote(o.paramLabel()) + ":" + action(o) : "";
        String repeat = CompletionModel.repeatable(o) ? "*" : "";
        if (names.length == 1) {
            return "'" + repeat + names[0] + (CompletionModel.takesValue(o) && names[0].startsWith("--") ? "=" : "")
                    + desc + value + "'";
        }
        String exclusive = repeat.isEmpty() ? "'(" + String.join(" ", names) + ")'" : "";
        StringBuilder alternatives = new StringBuilder();
        for (String n : names) {
            alternatives.append(alternatives.length() == 0 ? "" : ",").append(n)
                    .append(CompletionModel.takesValue(o) && n.startsWith("--") ? "=" : "");
        }
        return exclusive + (repeat.isEmpty() ? "" : "'" + repeat + "'") + "{" + alternatives + "}'" + desc + value + "'";
    }

    private static String action(picocli.CommandLine.Model.ArgSpec a) {
        return action(null, a);
    }

    private static String action(CommandLine cmd, picocli.CommandLine.Model.ArgSpec a) {
        List<String> candidates = cmd == null ? CompletionModel.candidates(a) : CompletionModel.candidates(cmd, a);
        if (!candidates.isEmpty()) {
            return "(" + quote(String.join(" ", candidates)) + ")";
        }
        return CompletionModel.completesFiles(a) ? "_files" : " ";
    }

    /** Text for inside single quotes; ':' would end a field of an _arguments spec. */
    private static String quote(String s) {
        return s.replace("'", "'\\''").replace(":", "\\:");
    }
}
