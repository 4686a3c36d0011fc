package dev.lazybuild.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** The version from the POM (filtered into version.txt), so it is set in one place. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"lazybuild " + version(),
            "Java " + System.getProperty("java.version") + " on " + System.getProperty("os.name")
                    + " " + System.getProperty("os.arch")};
    }

    /** The POM's version, written into version.txt when Maven copies the resources. */
    public static String version() {
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.txt")) {
            String v = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            return v.isEmpty() || v.startsWith("$") ? "development build" : v;
        } catch (IOException e) {
            return "development build";
        }
    }
}
