package dev.lazybuild.cli;

import picocli.CommandLine;

/** The version from the jar's manifest, so it is set in one place (the POM). */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Lazybuild.class.getPackage().getImplementationVersion();
        return new String[] {"lazybuild " + (v == null ? "development build" : v),
            "Java " + System.getProperty("java.version") + " on " + System.getProperty("os.name")
                    + " " + System.getProperty("os.arch")};
    }
}
