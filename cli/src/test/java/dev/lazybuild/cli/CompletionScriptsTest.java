package dev.lazybuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.cli.command.CompletionCommand;
import dev.lazybuild.testkit.Prerequisites;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The completion scripts, loaded in the real shells and asked for completions. */
class CompletionScriptsTest {
    @TempDir
    Path work;

    @Test
    void completionCommandPrintsTheScriptForEachShell() {
        for (CompletionCommand.Shell shell : CompletionCommand.Shell.values()) {
            CliRunner r = CliRunner.runWith(Map.of(), "completion", shell.name());
            assertThat(r.status()).as(shell.name()).isZero();
            assertThat(r.err()).isEmpty();
            assertThat(r.out()).as(shell.name()).contains("build").contains("completion").containsPattern("(--|-l )lockfile");
        }
    }

    @Test
    void bashScriptRegistersAndCompletesCommandsOptionsAndLockfileNames() throws Exception {
        Prerequisites.requireProgram("bash");
        Path script = script(CompletionCommand.Shell.bash, "lazybuild.bash");
        Files.writeString(work.resolve("pylock.dev.toml"), "");
        assertThat(run("bash", "-c", "source " + script + "; complete -p lazybuild"))
                .isEqualTo("complete -o default -F _complete_lazybuild lazybuild\n");
        assertThat(bashComplete(script, "lazybuild", "b")).containsExactly("build");
        assertThat(bashComplete(script, "lazybuild", "")).containsExactly("build", "plan", "prefetch", "cache", "completion", "doctor", "help");
        assertThat(bashComplete(script, "lazybuild", "build", "--lo")).containsExactly("--lockfile");
        assertThat(bashComplete(script, "lazybuild", "build", "--lockfile", work + "/pylock"))
                .containsExactly(work + "/pylock.dev.toml");
        assertThat(bashComplete(script, "lazybuild", "completion", "")).containsExactlyInAnyOrder("bash", "zsh", "fish");
    }

    private List<String> bashComplete(Path script, String... words) throws Exception {
        StringBuilder array = new StringBuilder();
        for (String w : words) {
            array.append(" '").append(w.replace("'", "'\\''")).append("'");
        }
        // What bash does on TAB: COMP_WORDS/COMP_CWORD set, the function called with the command, word and previous word.
        String cmd = "source " + script + " 2>/dev/null; COMP_WORDS=(" + array + "); COMP_CWORD=" + (words.length - 1)
                + "; COMP_LINE=\"${COMP_WORDS[*]}\"; COMP_POINT=${#COMP_LINE}; "
                + "_complete_lazybuild lazybuild \"${COMP_WORDS[COMP_CWORD]}\" \"${COMP_WORDS[COMP_CWORD-1]}\" 2>/dev/null; "
                + "printf '%s\\n' \"${COMPREPLY[@]}\"";
        return run("bash", "-c", cmd).lines().filter(l -> !l.isBlank()).map(String::strip).toList();
    }

    @Test
    void fishCompletesCommandsOptionsAndLockfileNames() throws Exception {
        Prerequisites.requireProgram("fish");
        Path script = script(CompletionCommand.Shell.fish, "lazybuild.fish");
        Files.writeString(work.resolve("pylock.dev.toml"), "");
        String out = run("fish", "-c", "source " + script + "; complete -C 'lazybuild '; echo ==; complete -C 'lazybuild build --lo';"
                + " echo ==; complete -C 'lazybuild build --lockfile " + work + "/pyl'; echo ==; complete -C 'lazybuild completion '");
        String[] parts = out.split("==\n");
        assertThat(parts[0]).contains("build\tRun podman build").contains("completion\t").contains("help\t");
        assertThat(parts[1]).startsWith("--lockfile\t");
        assertThat(parts[2].strip()).isEqualTo(work + "/pylock.dev.toml");
        assertThat(parts[3].lines().map(l -> l.split("\t")[0])).containsExactlyInAnyOrder("bash", "zsh", "fish");
    }

    @Test
    void zshCompletesCommandsAndOptionsInARealInteractiveShell() throws Exception {
        Prerequisites.requireProgram("zsh");
        Path script = script(CompletionCommand.Shell.zsh, "_lazybuild");
        assertThat(zshComplete(script, "lazybuild ", "completion  -- Print the shell completion script"))
                .contains("build       -- Run podman build").contains("completion  -- Print the shell completion script");
        assertThat(zshComplete(script, "lazybuild build --lockf", "--lockfile=")).endsWith("lazybuild build --lockfile=");
    }

    /** What an interactive zsh shows after {@code line} and TAB, once it shows {@code awaited} (see zsh-complete.zsh). */
    private String zshComplete(Path script, String line, String awaited) throws Exception {
        Path driver = work.resolve("zsh-complete.zsh");
        try (var in = getClass().getResourceAsStream("zsh-complete.zsh")) {
            Files.write(driver, in.readAllBytes());
        }
        return run("zsh", "-f", driver.toString(), script.toString(), work.toString(), line, awaited).strip();
    }

    @Test
    void zshScriptParsesAndRegistersWithCompinit() throws Exception {
        Prerequisites.requireProgram("zsh");
        Path script = script(CompletionCommand.Shell.zsh, "_lazybuild");
        assertThat(run("zsh", "-n", script.toString())).isEmpty();
        assertThat(run("zsh", "-f", "-c", "autoload -U compinit; compinit -u -d " + work + "/zcompdump; source " + script
                + "; print -r -- ${_comps[lazybuild]}; whence -w _lazybuild_build _lazybuild_completion"))
                .isEqualTo("_lazybuild\n_lazybuild_build: function\n_lazybuild_completion: function\n");
    }

    private Path script(CompletionCommand.Shell shell, String name) throws IOException {
        Path f = work.resolve(name);
        Files.writeString(f, CliRunner.runWith(Map.of(), "completion", shell.name()).out());
        return f;
    }

    private String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + out).isZero();
        return out;
    }
}
