package dev.lazybuild.testkit;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** Writes a PEP 751 pylock.toml for tests, one wheel or sdist per entry. */
public final class PylockWriter {
    private final List<String> packages = new ArrayList<>();

    public PylockWriter wheel(String name, String version, URI url, long size, String sha256) {
        packages.add("[[packages]]\nname = \"" + name + "\"\nversion = \"" + version + "\"\n"
                + "wheels = [{ url = \"" + url + "\", size = " + size + ", hashes = { sha256 = \"" + sha256 + "\" } }]\n");
        return this;
    }

    public PylockWriter sdist(String name, String version, URI url, long size, String sha256) {
        packages.add("[[packages]]\nname = \"" + name + "\"\nversion = \"" + version + "\"\n"
                + "sdist = { url = \"" + url + "\", size = " + size + ", hashes = { sha256 = \"" + sha256 + "\" } }\n");
        return this;
    }

    public String toToml() {
        return "lock-version = \"1.0\"\ncreated-by = \"lazybuild-tests\"\nrequires-python = \">=3.11\"\n\n"
                + String.join("\n", packages);
    }
}
