package dev.lazybuild.vfs.konflux;

import dev.lazybuild.vfs.input.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The {@code /etc/yum.repos.d} a Konflux build sees, merged as konflux-build-cli's
 * prepareYumReposMount merges it: the regular files of each source directory in order (the
 * buildah task passes the checkout's {@code repos.d/}), then the prefetched repo files
 * (Hermeto's {@code hermeto.repo}); a later file of the same name replaces an earlier one with
 * a warning, and anything that is not a regular file (a symlink, a directory) is skipped with
 * a warning, as there.
 *
 * @param files file name to content, in the order they were added
 * @param warnings what the user should be told
 */
public record YumReposD(Map<String, byte[]> files, List<String> warnings) {
    /** Where the buildah task looks in the checkout (its YUM_REPOS_D_SRC default). */
    public static final String CHECKOUT_DIR = "repos.d";
    /** Repo files are small; a checkout's repos.d with more than this is not one. */
    static final long MAX_BYTES = 1 << 20;
    static final int MAX_FILES = 200;

    public YumReposD {
        files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
        warnings = List.copyOf(warnings);
    }

    /**
     * @param sources directories to merge, lowest first (missing ones are skipped, as the task skips them)
     * @param prefetched the generated repo files, which win
     */
    public static YumReposD merge(List<Path> sources, Map<String, byte[]> prefetched) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        Map<String, String> from = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        long total = 0;
        for (Path dir : sources) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            List<Path> entries;
            try (Stream<Path> s = Files.list(dir)) {
                entries = s.sorted().limit(MAX_FILES + 1L).toList();
            } catch (IOException e) {
                throw new InputException("cannot list " + dir + ": " + e.getMessage(), e);
            }
            if (entries.size() > MAX_FILES) {
                throw new InputException(dir + ": more than " + MAX_FILES + " files; not a yum.repos.d");
            }
            for (Path entry : entries) {
                if (!Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    warnings.add("yum.repos.d: skipping " + entry + ", not a regular file");
                    continue;
                }
                try {
                    total += Files.size(entry);
                    if (total > MAX_BYTES) {
                        throw new InputException(dir + ": repo files larger than " + MAX_BYTES + " bytes in all");
                    }
                    add(files, from, warnings, entry.getFileName().toString(), Files.readAllBytes(entry), dir.toString());
                } catch (IOException e) {
                    throw new InputException("cannot read " + entry + ": " + e.getMessage(), e);
                }
            }
        }
        prefetched.forEach((name, content) -> add(files, from, warnings, name, content, "the prefetched repos.d"));
        return new YumReposD(files, warnings);
    }

    private static void add(Map<String, byte[]> files, Map<String, String> from, List<String> warnings, String name,
            byte[] content, String source) {
        String previous = from.put(name, source);
        if (previous != null) {
            warnings.add("yum.repos.d: " + name + " from " + source + " overwrites the one from " + previous);
        }
        files.put(name, content);
    }
}
