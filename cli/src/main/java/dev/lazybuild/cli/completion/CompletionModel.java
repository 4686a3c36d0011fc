package dev.lazybuild.cli.completion;

import dev.lazybuild.cli.Lazybuild;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

/**
 * What the zsh and fish scripts are generated from: the picocli model, read the same way for
 * both, so a command added to {@link Lazybuild}'s subcommands completes without further work.
 */
public final class CompletionModel {
    private CompletionModel() { }

    /** The visible subcommands by name, each once (aliases and hidden commands left out). */
    public static Map<String, CommandLine> subcommands(CommandLine cmd) {
        Map<String, CommandLine> out = new LinkedHashMap<>();
        Map<CommandLine, Boolean> seen = new IdentityHashMap<>();
        cmd.getSubcommands().forEach((name, sub) -> {
            if (!sub.getCommandSpec().usageMessage().hidden() && seen.put(sub, Boolean.TRUE) == null) {
                out.put(sub.getCommandName(), sub);
            }
        });
        return out;
    }

    static List<OptionSpec> options(CommandSpec spec) {
        return spec.options().stream().filter(o -> !o.hidden()).toList();
    }

    static boolean takesValue(OptionSpec o) {
        return o.arity().max() > 0;
    }

    static boolean repeatable(ArgSpec a) {
        return a.isMultiValue();
    }

    /** Values to offer for an option or parameter (an enum's constants, completionCandidates), else empty. */
    static List<String> candidates(ArgSpec a) {
        Iterable<String> c = a.completionCandidates();
        return c == null ? List.of() : StreamSupport.stream(c.spliterator(), false).toList();
    }

    static boolean completesFiles(ArgSpec a) {
        Class<?> type = a.type();
        Class<?>[] aux = a.auxiliaryTypes();
        Class<?> element = aux != null && aux.length > 0 ? aux[0] : type;
        return Path.class.isAssignableFrom(element) || File.class.isAssignableFrom(element);
    }

    /** Arguments a command passes on (build's podman arguments and context): complete file names. */
    static boolean passesUnmatchedArguments(CommandSpec spec) {
        return !spec.unmatchedArgsBindings().isEmpty();
    }

    /** A command's one-line hint: its header if it has one (picocli's help command), else its description's. */
    static String summary(CommandLine cmd) {
        String[] header = cmd.getCommandSpec().usageMessage().header();
        return summary(header != null && header.length > 0 ? header : cmd.getCommandSpec().usageMessage().description());
    }

    /** The first sentence of a description, without picocli's ${...} variables: a one-line hint. */
    static String summary(String[] description) {
        if (description == null) {
            return "";
        }
        StringBuilder paragraph = new StringBuilder();
        for (String line : description) {
            String l = line.replace("%n", " ").replaceAll("\\$\\{[^}]*}", "").strip();
            if (l.isEmpty() && paragraph.length() > 0) {
                break;
            }
            paragraph.append(paragraph.length() == 0 ? "" : " ").append(l);
        }
        String s = paragraph.toString().strip();
        int end = s.indexOf(". ");
        if (end > 0) {
            s = s.substring(0, end);
        }
        int paren = s.indexOf(" (");
        if (paren > 0) {
            s = s.substring(0, paren);
        }
        s = s.endsWith(".") || s.endsWith(",") || s.endsWith(":") ? s.substring(0, s.length() - 1) : s;
        return s.strip();
    }

    /** Values to offer for a positional parameter; {@code help COMMAND} offers its siblings. */
    static List<String> candidates(CommandLine cmd, ArgSpec a) {
        if (cmd.getCommand() instanceof CommandLine.HelpCommand && cmd.getParent() != null) {
            return List.copyOf(subcommands(cmd.getParent()).keySet());
        }
        return candidates(a);
    }

    /** The command's names from the root, e.g. [lazybuild, cache, ls]. */
    public static List<String> path(CommandLine cmd) {
        List<String> names = new ArrayList<>();
        for (CommandLine c = cmd; c != null; c = c.getParent()) {
            names.add(0, c.getCommandName());
        }
        return names;
    }
}
