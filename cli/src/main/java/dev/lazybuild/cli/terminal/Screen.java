package dev.lazybuild.cli.terminal;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.spi.SystemStream;
import org.jline.terminal.spi.TerminalProvider;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.jline.utils.InfoCmp;
import org.jline.utils.Status;

/**
 * stderr as a terminal, through JLine: its width, whether it takes colour, and the bottom
 * bar ({@link Status}: a scroll region above one reserved row, so every other line scrolls
 * above the bar, as apt's progress bar does). Only {@link Console} uses it, under its lock.
 *
 * <p>JLine's "exec" provider (stty, test -t) is enough here and needs no native library.
 * JLine's own signal handlers stay off: INT and TERM belong to the build (podman is stopped,
 * the mount unmounted), and a handler JLine installed would replace the JVM's.
 */
final class Screen implements AutoCloseable {
    private final Terminal terminal;
    private final BottomBar status;
    /** Measured once: with the exec provider every size query runs stty (a resize is not followed). */
    private final int columns;
    private final boolean colour;
    private final boolean stdoutToo;

    private Screen(Terminal terminal, BottomBar status, boolean colour, boolean stdoutToo) {
        this.terminal = terminal;
        this.columns = terminal.getWidth();
        this.status = status;
        this.colour = colour;
        this.stdoutToo = stdoutToo;
    }

    /**
     * stderr as a screen with a bottom bar, or empty when it is not a terminal, TERM (of
     * {@code env}, the invocation's) is unset or dumb, or the terminal cannot keep a bar
     * (no scroll region, no size).
     */
    static Optional<Screen> open(Map<String, String> env) {
        String type = env.get("TERM");
        if (type == null || type.isBlank() || "dumb".equals(type)) {
            return Optional.empty();
        }
        Terminal terminal = null;
        try {
            TerminalProvider exec = TerminalProvider.load("exec");
            if (!exec.isSystemStream(SystemStream.Error)) {
                return Optional.empty();
            }
            terminal = TerminalBuilder.builder().system(true).provider("exec").dumb(false)
                    .systemOutput(TerminalBuilder.SystemOutput.SysErr).type(type).nativeSignals(false).build();
            BottomBar status = new BottomBar(terminal);
            if (!status.usable() || terminal.getHeight() < 2) {
                terminal.close();
                return Optional.empty();
            }
            Integer colours = terminal.getNumericCapability(InfoCmp.Capability.max_colors);
            String noColor = env.get("NO_COLOR");
            boolean colour = colours != null && colours >= 8 && (noColor == null || noColor.isEmpty());
            return Optional.of(new Screen(terminal, status, colour, exec.isSystemStream(SystemStream.Output)));
        } catch (IOException | RuntimeException e) {
            // No usable terminal (stdin redirected, no stty, ...): plain lines, which always work.
            closeQuietly(terminal);
            return Optional.empty();
        }
    }

    /** Writes above the bar: lines scroll inside the region the bar is not in. */
    PrintWriter writer() {
        return terminal.writer();
    }

    /** Whether stdout is this same terminal (then podman's stdout must pass above the bar too). */
    boolean stdoutToo() {
        return stdoutToo;
    }

    /** Shows {@code text} in the bar, cut to the width; null or empty removes the bar. */
    void bar(String text) {
        if (text == null || text.isEmpty()) {
            status.update(List.of());
            return;
        }
        int width = Math.max(columns - 1, 1);
        AttributedString line = new AttributedString(text, colour ? AttributedStyle.INVERSE : AttributedStyle.DEFAULT);
        status.update(List.of(line.columnSubSequence(0, Math.min(width, line.columnLength()))));
    }

    /**
     * Removes the bar and its scroll region. The terminal itself stays open: lazybuild never
     * changed its modes, and closing it could close stderr, which the error reporter still writes to.
     */
    @Override
    public void close() {
        status.update(List.of());
        status.close();
        terminal.writer().flush();
    }

    /** JLine's Status, which says whether the terminal has what a scroll region needs. */
    private static final class BottomBar extends Status {
        BottomBar(Terminal terminal) {
            super(terminal);
        }

        boolean usable() {
            return supported;
        }
    }

    private static void closeQuietly(Terminal terminal) {
        if (terminal == null) {
            return;
        }
        try {
            terminal.close();
        } catch (IOException e) {
            // Closing only restores the terminal's attributes, which lazybuild never changed.
        }
    }
}
