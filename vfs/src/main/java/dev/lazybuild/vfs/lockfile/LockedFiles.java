package dev.lazybuild.vfs.lockfile;

import java.util.List;

/**
 * What a set of lockfiles locks, and what the user should hear about them even though they
 * could be read (entries locked only by a weak digest): {@code plan} and the build summary
 * print the warnings.
 *
 * @param warnings one line each, naming the lockfile and its first offending entry
 */
public record LockedFiles(List<LockedFile> files, List<String> warnings) {
    public LockedFiles {
        files = List.copyOf(files);
        warnings = List.copyOf(warnings);
    }
}
