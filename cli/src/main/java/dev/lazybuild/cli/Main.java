package dev.lazybuild.cli;

/** The process entry point; everything else is in {@link Lazybuild#run}. */
public final class Main {
    private Main() { }

    public static void main(String[] args) {
        System.exit(Lazybuild.runAttached(args));
    }
}
