package dev.lazybuild.cli;

import dev.lazybuild.cli.command.CompletionCommand;
import dev.lazybuild.cli.completion.CompletionModel;
import dev.lazybuild.cli.terminal.Invocation;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.asciidoctor.Asciidoctor;
import org.asciidoctor.Attributes;
import org.asciidoctor.Options;
import org.asciidoctor.SafeMode;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Makes the committed files that are generated from the command model: the shell completions
 * in {@code completions/} and the man pages in {@code man/} (picocli's AsciiDoc, rendered to
 * roff by Asciidoctor's manpage backend). {@link GeneratedFilesTest} fails when the committed
 * copies differ; {@link #REGENERATE} rewrites them.
 */
public final class GeneratedFiles {
    static final String REGENERATE = "mvn -q -pl cli -am process-test-classes -Pregenerate";

    private GeneratedFiles() { }

    /** Every generated file, by its path relative to the repository root. */
    static Map<String, String> render() {
        CommandLine root = Lazybuild.commandLine(new Invocation(new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()), false, Map.of()));
        Map<String, String> files = new TreeMap<>();
        files.put("completions/lazybuild.bash", CompletionCommand.script(CompletionCommand.Shell.bash, root));
        files.put("completions/_lazybuild", CompletionCommand.script(CompletionCommand.Shell.zsh, root));
        files.put("completions/lazybuild.fish", CompletionCommand.script(CompletionCommand.Shell.fish, root));
        try (Asciidoctor asciidoctor = Asciidoctor.Factory.create()) {
            manPages(root, asciidoctor, files);
        }
        return files;
    }

    private static void manPages(CommandLine cmd, Asciidoctor asciidoctor, Map<String, String> files) {
        if (cmd.getCommand() instanceof CommandLine.HelpCommand) {
            return; // `lazybuild help` only repeats --help; it is described in lazybuild(1)
        }
        // Man page section titles are headings, not the help's "Exit status:" labels.
        cmd.getCommandSpec().usageMessage().exitCodeListHeading("Exit status%n").footerHeading("Configuration%n");
        StringWriter adoc = new StringWriter();
        try (PrintWriter w = new PrintWriter(adoc)) {
            ManPageGenerator.writeSingleManPage(w, cmd.getCommandSpec());
        }
        String name = String.join("-", CompletionModel.path(cmd));
        files.put("man/" + name + ".1", roff(asciidoctor, adoc.toString()));
        CompletionModel.subcommands(cmd).values().forEach(sub -> manPages(sub, asciidoctor, files));
    }

    private static String roff(Asciidoctor asciidoctor, String adoc) {
        // reproducible: no generation date in the page, so it changes only when the commands do.
        return asciidoctor.convert(adoc, Options.builder().backend("manpage").standalone(true).safe(SafeMode.SAFE)
                .attributes(Attributes.builder().attribute("reproducible", "").build()).build());
    }

    /** Writes every generated file under the repository root {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        Path repo = Path.of(args.length > 0 ? args[0] : "..").toAbsolutePath().normalize();
        for (Map.Entry<String, String> f : render().entrySet()) {
            Path target = repo.resolve(f.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, f.getValue(), StandardCharsets.UTF_8);
            System.out.println("wrote " + repo.relativize(target));
        }
    }
}
