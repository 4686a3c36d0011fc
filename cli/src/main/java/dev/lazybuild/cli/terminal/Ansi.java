package dev.lazybuild.cli.terminal;

import java.util.Map;
import picocli.CommandLine;

/** Colour only on a terminal and never when NO_COLOR is set (https://no-color.org). */
public final class Ansi {
    private Ansi() { }
public 
    static CommandLine.Help.Ansi mode(Map<String, String> env) {
        String noColor = env.get("NO_COLOR");
        if (noColor != null && !noColor.isEmpty()) {
            return CommandLine.Help.Ansi.OFF;
        }
        return CommandLine.Help.Ansi.AUTO;
    }
}
