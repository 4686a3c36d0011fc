package dev.lazybuild.cli.podman;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * While podman runs, SIGINT and SIGTERM to lazybuild do not end the JVM (which would skip
 * the unmount); they are passed on to podman, which stops the build and exits. The JDK has
 * no public API for this; sun.misc.Signal (jdk.unsupported) is the documented way.
 */
final class SignalForwarding {
    private static final List<String> FORWARDED = List.of("INT", "TERM");

    private final List<Signal> signals;
    private final List<SignalHandler> previous;

    private SignalForwarding(List<Signal> signals, List<SignalHandler> previous) {
        this.signals = signals;
        this.previous = previous;
    }

    /** @param targets the processes to pass each signal to, asked at the time of the signal */
    static SignalForwarding install(Supplier<List<ProcessHandle>> targets, AtomicInteger received) {
        List<Signal> signals = FORWARDED.stream().map(Signal::new).toList();
        List<SignalHandler> previous = signals.stream().map(s -> Signal.handle(s, sig -> {
            received.compareAndSet(0, sig.getNumber());
            targets.get().forEach(target -> forward(target, sig.getName()));
        })).toList();
        return new SignalForwarding(signals, previous);
    }

    void uninstall() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }

    private static void forward(ProcessHandle child, String name) {
        try {
            new ProcessBuilder("kill", "-s", name, Long.toString(child.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            child.destroy(); // no kill(1): SIGTERM is what Java can send
        }
    }
}
