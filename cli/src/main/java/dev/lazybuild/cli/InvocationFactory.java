package dev.lazybuild.cli;

import dev.lazybuild.cli.terminal.Invocation;
import picocli.CommandLine;

/** Hands the {@link Invocation} to commands that ask for it in their constructor. */
final class InvocationFactory implements CommandLine.IFactory {
    private final Invocation invocation;
    private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

    InvocationFactory(Invocation invocation) {
        this.invocation = invocation;
    }

    Invocation invocation() {
        return invocation;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
        try {
            return cls.getDeclaredConstructor(Invocation.class).newInstance(invocation);
        } catch (NoSuchMethodException e) {
            return fallback.create(cls);
        }
    }
}
