package dev.lazybuild.cli;

import java.util.Map;
import picocli.CommandLine;

/** Colour only on a terminal and never when NO_COLOR is set (https://no-color.org). */
final class Ansi {
    private Ansi() { }

    static CommandLine.Help.Ansi mode(Map<String, String> env) {
        String noColor = env.get("NO_COLOR");
        if (noColor != null && !noColor.isEmpty()) {
            return CommandLine.Help.Ansi.OFF;
        }
        return CommandLine.Help.Ansi.AUTO;
    }
}
