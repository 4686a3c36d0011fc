package dev.lazybuild.testkit;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes an rpm-lockfile-prototype rpms.lock.yaml for tests. */
public final class RpmLockWriter {
    private final Map<String, List<String>> packagesByArch = new LinkedHashMap<>();
    private final Map<String, List<String>> modulesByArch = new LinkedHashMap<>();

    /** A package of {@code arch}'s list (the lockfile's arch, not necessarily the RPM's: noarch RPMs appear under every arch). */
    public RpmLockWriter rpm(String arch, String repoid, URI url, long size, String sha256, String name, String evr) {
        packagesByArch.computeIfAbsent(arch, a -> new ArrayList<>()).add(
                "  - url: " + url + "\n    repoid: " + repoid + "\n    size: " + size + "\n    checksum: sha256:" + sha256
                        + "\n    name: " + name + "\n    evr: " + evr + "\n");
        modulesByArch.computeIfAbsent(arch, a -> new ArrayList<>());
        return this;
    }

    public RpmLockWriter moduleMetadata(String arch, String repoid, URI url, long size, String sha256) {
        modulesByArch.computeIfAbsent(arch, a -> new ArrayList<>()).add(
                "  - url: " + url + "\n    repoid: " + repoid + "\n    size: " + size + "\n    checksum: sha256:" + sha256 + "\n");
        packagesByArch.computeIfAbsent(arch, a -> new ArrayList<>());
        return this;
    }

    public String toYaml() {
        StringBuilder b = new StringBuilder("---\nlockfileVersion: 1\nlockfileVendor: redhat\narches:\n");
        packagesByArch.forEach((arch, pkgs) -> {
            b.append("- arch: ").append(arch).append("\n  packages:\n");
            pkgs.forEach(b::append);
            b.append("  source: []\n  module_metadata:").append(modulesByArch.get(arch).isEmpty() ? " []\n" : "\n");
            modulesByArch.get(arch).forEach(b::append);
        });
        return b.toString();
    }
}
