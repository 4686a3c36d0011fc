package dev.lazybuild.cli.command;

import dev.lazybuild.cli.completion.FishCompletion;
import dev.lazybuild.cli.completion.ZshCompletion;
import dev.lazybuild.cli.terminal.Invocation;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code lazybuild completion bash|zsh|fish}: the completion script, made from the same
 * command model as {@code --help}, so it knows every command and option of this version.
 */
@Command(name = "completion",
        description = {
            "Print the shell completion script for bash, zsh or fish.",
            "",
            "install.sh installs all three where the shells look for them. To load one into the current"
                + " shell only:",
            "",
            "  source <(lazybuild completion bash)",
            "  source <(lazybuild completion zsh)",
            "  lazybuild completion fish | source"},
        usageHelpAutoWidth = true,
        mixinStandardHelpOptions = true)
public final class CompletionCommand extends BaseCommand {
    public enum Shell { bash, zsh, fish }

    @Parameters(index = "0", paramLabel = "SHELL", description = "One of: ${COMPLETION-CANDIDATES}.")
    Shell shell;

    public CompletionCommand(Invocation invocation) {
        super(invocation);
    }

    @Override
    protected int execute() {
        out().print(script(shell, spec.root().commandLine()));
        out().flush();
        return ExitCode.OK.code();
    }

    /** The script for {@code shell}; what completions/ holds, one file per shell. */
    public static String script(Shell shell, CommandLine root) {
        return switch (shell) {
            case bash -> AutoComplete.bash(root.getCommandName(), root);
            case zsh -> ZshCompletion.script(root);
            case fish -> FishCompletion.script(root);
        };
    }
}
