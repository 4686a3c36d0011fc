package dev.lazybuild.vfs.lockfile;

import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.RemoteFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * Reads a PEP 751 {@code pylock.toml}: every wheel and sdist of every package becomes
 * {@code deps/pip/<file name>}, one flat directory as Hermeto's pip output is.
 */
final class PylockReader implements LockfileReader {
    @Override
    public List<LockedFile> read(Path file) {
        TomlParseResult toml;
        try {
            toml = Toml.parse(file);
        } catch (IOException e) {
            throw LockfileException.at(file, null, "cannot read: " + e.getMessage());
        } catch (StackOverflowError e) {
            // tomlj's parser recurses once per nesting level and has no depth limit; the
            // overflow unwinds out of the parser alone, whose state dies with it.
            throw LockfileException.at(file, null, "not valid TOML: nested too deeply");
        }
        if (toml.hasErrors()) {
            throw LockfileException.at(file, null, "not valid TOML: " + toml.errors().get(0));
        }
        Object version = toml.get("lock-version");
        if (!(version instanceof String v) || !v.startsWith("1.")) {
            throw LockfileException.at(file, null, "lock-version " + (version == null ? "is missing" : "'" + version
                    + "' is not supported") + " (lazybuild reads PEP 751 lock-version 1.x)");
        }
        TomlArray packages = array(toml, "packages", file, "top level");
        List<LockedFile> out = new ArrayList<>();
        for (int i = 0; packages != null && i < packages.size(); i++) {
            if (!(packages.get(i) instanceof TomlTable pkg)) {
                throw LockfileException.at(file, "packages[" + i + "]", "is not a table");
            }
            String entry = "packages[" + i + "]" + (pkg.get("name") instanceof String n ? " (" + n + ")" : "");
            for (String unsupported : List.of("vcs", "directory", "archive")) {
                if (pkg.contains(unsupported)) {
                    throw LockfileException.at(file, entry, "'" + unsupported + "' packages are not supported "
                            + "(lazybuild serves wheels and sdists by URL; lock this package from an index)");
                }
            }
            TomlArray wheels = array(pkg, "wheels", file, entry);
            for (int w = 0; wheels != null && w < wheels.size(); w++) {
                if (!(wheels.get(w) instanceof TomlTable wheel)) {
                    throw LockfileException.at(file, entry + " wheels[" + w + "]", "is not a table");
                }
                out.add(artifact(file, entry + " wheels[" + w + "]", wheel));
            }
            Object sdist = pkg.get("sdist");
            if (sdist != null) {
                if (!(sdist instanceof TomlTable s)) {
                    throw LockfileException.at(file, entry + " sdist", "is not a table");
                }
                out.add(artifact(file, entry + " sdist", s));
            }
            if (wheels == null && sdist == null) {
                throw LockfileException.at(file, entry, "has neither wheels nor sdist");
            }
        }
        return out;
    }

    private static LockedFile artifact(Path file, String entry, TomlTable t) {
        if (t.contains("path") && !t.contains("url")) {
            throw LockfileException.at(file, entry, "local 'path' artifacts are not supported (only 'url')");
        }
        String url = string(t, "url", file, entry);
        if (url == null) {
            throw LockfileException.at(file, entry, "has no 'url'");
        }
        var uri = Urls.checked(url, file, entry);
        String name = t.get("name") instanceof String n ? n : Urls.fileName(uri);
        long size = RemoteFile.UNKNOWN_SIZE;
        Object s = t.get("size");
        if (s != null) {
            if (!(s instanceof Long l) || l < 0) {
                throw LockfileException.at(file, entry, "'size' must be a non-negative integer");
            }
            size = l;
        }
        Object hashesValue = t.get("hashes");
        if (!(hashesValue instanceof TomlTable hashes) || hashes.isEmpty()) {
            throw LockfileException.at(file, entry, "has no 'hashes' (lazybuild needs a digest to verify " + name + ")");
        }
        Digest digest = pickDigest(hashes, file, entry);
        String problem = Names.problemWith(name);
        if (problem != null) {
            // deps/pip is one flat directory: a '/' in a name would make a subdirectory pip never looks in.
            throw LockfileException.at(file, entry, "unsafe file name '" + name.replaceAll("\\p{Cntrl}", "?") + "': " + problem);
        }
        String path = Ecosystem.PIP.directory() + name;
        Names.checkedPath(path, file + ": " + entry);
        return new LockedFile(path, new RemoteFile(uri, digest, size, name), Ecosystem.PIP, file.getFileName() + ": " + entry);
    }

    /** sha256 when present (what PEP 751 recommends), else the strongest algorithm we know. */
    private static Digest pickDigest(TomlTable hashes, Path file, String entry) {
        Digest best = null;
        for (String key : hashes.keySet()) {
            Digest.Algorithm a = Digest.Algorithm.fromLabel(key);
            if (a == null || !(hashes.get(List.of(key)) instanceof String hex)) {
                continue;
            }
            Digest d;
            try {
                d = new Digest(a, hex);
            } catch (IllegalArgumentException e) {
                throw LockfileException.at(file, entry, "hashes." + key + ": " + e.getMessage());
            }
            if (a == Digest.Algorithm.SHA256) {
                return d;
            }
            if (best == null || a.ordinal() < best.algorithm().ordinal()) {
                best = d;
            }
        }
        if (best == null) {
            throw LockfileException.at(file, entry, "no supported hash algorithm in 'hashes' " + hashes.keySet());
        }
        return best;
    }

    private static TomlArray array(TomlTable t, String key, Path file, String entry) {
        Object v = t.get(List.of(key));
        if (v == null) {
            return null;
        }
        if (!(v instanceof TomlArray a)) {
            throw LockfileException.at(file, entry, "'" + key + "' must be an array");
        }
        return a;
    }

    private static String string(TomlTable t, String key, Path file, String entry) {
        Object v = t.get(List.of(key));
        if (v != null && !(v instanceof String)) {
            throw LockfileException.at(file, entry, "'" + key + "' must be a string");
        }
        return (String) v;
    }
}
