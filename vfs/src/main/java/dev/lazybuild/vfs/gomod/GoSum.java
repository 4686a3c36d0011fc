package dev.lazybuild.vfs.gomod;

import dev.lazybuild.vfs.lockfile.LockfileException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The hashes a {@code go.sum} file records: per module version, the {@code h1:} hash of its zip
 * ({@code path version h1:...}) and of its go.mod ({@code path version/go.mod h1:...}).
 * Strict where the go command is strict: a line with other than three fields is an error
 * (the go command says "malformed go.sum"), and so is an {@code h1:} value that is not the
 * base64 of a SHA-256, or two different hashes for the same file.
 */
public final class GoSum {
    private static final String GO_MOD_SUFFIX = "/go.mod";
    private static final String H1 = "h1:";
    private static final java.util.regex.Pattern FIELDS = java.util.regex.Pattern.compile("[ \t]+");

    private final Map<ModuleVersion, String> zips;
    private final Map<ModuleVersion, String> goMods;

    private GoSum(Map<ModuleVersion, String> zips, Map<ModuleVersion, String> goMods) {
        this.zips = zips;
        this.goMods = goMods;
    }

    /** An empty go.sum, as for a module without dependencies. */
    public static GoSum empty() {
        return new GoSum(Map.of(), Map.of());
    }

    /**
     * @param name the file's name for messages
     * @throws LockfileException naming the file and line
     */
    public static GoSum parse(String name, String text) {
        Map<ModuleVersion, String> zips = new HashMap<>();
        Map<ModuleVersion, String> goMods = new HashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            String where = name + ":" + (i + 1) + ": ";
            String[] f = FIELDS.split(line);
            if (f.length != 3) {
                throw new LockfileException(where + "malformed line: expected 'MODULE VERSION[/go.mod] h1:HASH', got "
                        + f.length + (f.length == 1 ? " field" : " fields"));
            }
            boolean goMod = f[1].endsWith(GO_MOD_SUFFIX);
            String version = goMod ? f[1].substring(0, f[1].length() - GO_MOD_SUFFIX.length()) : f[1];
            ModuleVersion m;
            try {
                m = new ModuleVersion(f[0], version);
            } catch (IllegalArgumentException e) {
                throw new LockfileException(where + e.getMessage());
            }
            if (!isH1(f[2])) {
                throw new LockfileException(where + m + ": '" + f[2] + "' is not an h1: hash (h1: and the base64 of a SHA-256)");
            }
            Map<ModuleVersion, String> into = goMod ? goMods : zips;
            String before = into.putIfAbsent(m, f[2]);
            if (before != null && !before.equals(f[2])) {
                throw new LockfileException(where + m + (goMod ? GO_MOD_SUFFIX : "") + " has two different hashes: "
                        + before + " and " + f[2]);
            }
        }
        return new GoSum(Map.copyOf(zips), Map.copyOf(goMods));
    }

    static boolean isH1(String hash) {
        if (!hash.startsWith(H1) || hash.length() != H1.length() + 44) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(hash.substring(H1.length())).length == 32;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The h1 of {@code m}'s zip, or null when go.sum has none. */
    public String zipHash(ModuleVersion m) {
        return zips.get(m);
    }

    /** The h1 of {@code m}'s go.mod, or null when go.sum has none. */
    public String goModHash(ModuleVersion m) {
        return goMods.get(m);
    }

    /** Every module version with a zip hash. */
    public java.util.Set<ModuleVersion> withZipHash() {
        return zips.keySet();
    }

    /** Every module version with a go.mod hash. */
    public java.util.Set<ModuleVersion> withGoModHash() {
        return goMods.keySet();
    }

    /**
     * This file's hashes and {@code other}'s, as the go command reads a workspace's go.sum files
     * together (and as Hermeto fills one module cache from several modules).
     *
     * @param otherName the other file(s), for the message when the two disagree
     * @throws LockfileException when they give one file two different hashes
     */
    public GoSum with(GoSum other, String otherName) {
        return new GoSum(merged(zips, other.zips, "", otherName), merged(goMods, other.goMods, GO_MOD_SUFFIX, otherName));
    }

    private static Map<ModuleVersion, String> merged(Map<ModuleVersion, String> a, Map<ModuleVersion, String> b,
                                                     String suffix, String bName) {
        Map<ModuleVersion, String> all = new HashMap<>(a);
        b.forEach((m, h) -> {
            String before = all.putIfAbsent(m, h);
            if (before != null && !before.equals(h)) {
                throw new LockfileException(bName + ": " + m + suffix + " has the hash " + h
                        + ", another go.sum of the same build says " + before);
            }
        });
        return Map.copyOf(all);
    }
}
