package dev.lazybuild.vfs.gomod;

import dev.lazybuild.vfs.lockfile.LockfileException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code vendor/modules.txt}: a module with a vendor directory fetches nothing (Hermeto leaves
 * deps/gomod empty and the go command builds from vendor/), provided the file agrees with go.mod
 * as the go command checks it (modload's checkVendorConsistency): every module go.mod requires
 * is listed with {@code ## explicit}, nothing else is, and replacements match.
 */
final class VendoredModules {
    private VendoredModules() { }

    /**
     * @param name the file's name for messages
     * @throws LockfileException naming the first module on which the two files disagree
     */
    static void checkConsistent(String name, String modulesTxt, GoModFile goMod) {
        Set<ModuleVersion> explicit = new LinkedHashSet<>();
        Map<String, String> replacements = new HashMap<>();
        ModuleVersion current = null;
        String[] lines = modulesTxt.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            String where = name + ":" + (i + 1) + ": ";
            if (line.startsWith("## ")) {
                if (current == null) {
                    throw new LockfileException(where + "'## ' annotation before any '# module' line");
                }
                for (String annotation : line.substring(3).split(";")) {
                    if (annotation.strip().equals("explicit")) {
                        explicit.add(current);
                    }
                }
            } else if (line.startsWith("# ")) {
                List<String> t = List.of(line.substring(2).strip().split("\\s+"));
                int arrow = t.indexOf("=>");
                List<String> left = arrow < 0 ? t : t.subList(0, arrow);
                if (left.isEmpty() || left.size() > 2 || (arrow >= 0 && arrow == t.size() - 1)) {
                    throw new LockfileException(where + "malformed module line '" + line + "'");
                }
                current = null;
                if (left.size() == 2) {
                    try {
                        current = new ModuleVersion(left.get(0), left.get(1));
                    } catch (IllegalArgumentException e) {
                        throw new LockfileException(where + e.getMessage());
                    }
                }
                if (arrow >= 0) {
                    replacements.put(String.join(" ", left), String.join(" ", t.subList(arrow + 1, t.size())));
                }
            }
        }
        String fix = ": run 'go mod vendor' and commit vendor/";
        for (GoModFile.Requirement r : goMod.requires()) {
            if (!explicit.contains(r.module())) {
                throw new LockfileException(name + ": " + r.module().path() + " " + r.module().version()
                        + " is required in go.mod but not listed with '## explicit' in vendor/modules.txt" + fix);
            }
        }
        Set<ModuleVersion> required = new java.util.HashSet<>();
        goMod.requires().forEach(r -> required.add(r.module()));
        for (ModuleVersion m : explicit) {
            if (!required.contains(m)) {
                throw new LockfileException(name + ": " + m.path() + " " + m.version()
                        + " is marked explicit in vendor/modules.txt but go.mod does not require it" + fix);
            }
        }
        goMod.replaces().forEach((old, replacement) -> {
            String key = old.version() == null ? old.path() : old.path() + " " + old.version();
            String vendored = replacements.get(key);
            if (vendored == null && old.version() == null) {
                // A path-wide replacement is recorded on the required version's line.
                vendored = goMod.requires().stream().map(GoModFile.Requirement::module)
                        .filter(m -> m.path().equals(old.path()))
                        .map(m -> replacements.get(m.path() + " " + m.version()))
                        .filter(java.util.Objects::nonNull).findFirst().orElse(null);
            }
            if (!replacement.toString().equals(vendored)) {
                throw new LockfileException(name + ": go.mod replaces " + key + " => " + replacement
                        + " but vendor/modules.txt " + (vendored == null ? "does not" : "says => " + vendored) + fix);
            }
        });
    }
}
