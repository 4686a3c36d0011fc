package dev.lazybuild.vfs.input;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The directory an input's relative paths start from (the repository root for a PipelineRun),
 * checked as Hermeto's RootedPath checks paths: whatever a path names must be inside it once
 * symlinks are followed, so a checkout cannot make lazybuild read a file elsewhere on the host.
 */
public final class SourceRoot {
    private final Path real;

    private SourceRoot(Path real) {
        this.real = real;
    }

    public static SourceRoot of(Path root) {
        try {
            return new SourceRoot(root.toRealPath());
        } catch (IOException e) {
            throw new InputException("cannot resolve the source directory " + root + ": " + e.getMessage(), e);
        }
    }

    public Path path() {
        return real;
    }

    /**
     * The real path of {@code relative} under this root; it need not exist, but if it (or a
     * directory on the way) is a symlink, it must lead to a place inside the root.
     *
     * @param at names the entry in messages
     */
    public Path resolve(String relative, String at) {
        Path path = real.resolve(relative).normalize();
        if (!path.startsWith(real)) {
            throw new InputException(at + ": " + relative + " is outside the source directory " + real);
        }
        Path existing = path;
        while (!Files.exists(existing) && existing.startsWith(real)) {
            existing = existing.getParent();
        }
        Path resolved;
        try {
            resolved = existing.toRealPath().resolve(existing.relativize(path));
        } catch (IOException e) {
            throw new InputException(at + ": cannot resolve " + relative + ": " + e.getMessage(), e);
        }
        if (!resolved.startsWith(real)) {
            throw new InputException(at + ": " + relative + " leads outside the source directory " + real
                    + " (a symlink?)");
        }
        return resolved;
    }

    /** {@code file} relative to this root, for messages. */
    public String shown(Path file) {
        return file.startsWith(real) ? real.relativize(file).toString() : file.toString();
    }
}
