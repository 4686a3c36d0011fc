package dev.lazybuild.vfs.buildconfig;

import dev.lazybuild.fetch.Digest;
import dev.lazybuild.vfs.lockfile.LockedFile;
import dev.lazybuild.vfs.lockfile.Lockfiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The {@link BuildConfig} Hermeto's fetch-deps would write for the given lockfiles. */
public final class BuildConfigs {
    private BuildConfigs() { }

    /**
     * @param lockfiles the lockfiles, already accepted by {@link Lockfiles#read}
     * @param lockedFiles what {@link Lockfiles#read} made of them, paths relative to Hermeto's output directory
     */
    public static BuildConfig of(List<Path> lockfiles, List<LockedFile> lockedFiles) {
        Map<Digest, LockedFile> byDigest = new HashMap<>();
        lockedFiles.forEach(f -> byDigest.putIfAbsent(f.remote().digest(), f));
        List<BuildConfig.EnvironmentVariable> variables = new ArrayList<>();
        List<BuildConfig.ProjectFile> projectFiles = new ArrayList<>();
        for (Path file : lockfiles) {
            // A new lockfile kind adds what Hermeto's backend for it declares (Go: GOFLAGS, GOMODCACHE, ...).
            switch (Lockfiles.Kind.ofFileName(file.getFileName().toString())) {
                case PYLOCK, REQUIREMENTS -> {
                    // hermeto/core/package_managers/python/pip/main.py
                    variables.add(new BuildConfig.EnvironmentVariable("PIP_FIND_LINKS", BuildConfig.OUTPUT_DIR + "/deps/pip"));
                    variables.add(new BuildConfig.EnvironmentVariable("PIP_NO_INDEX", "true"));
                }
                case NPM -> projectFiles.addAll(NpmProjectFiles.of(file, byDigest));
                case GENERIC, RPM -> { } // neither declares variables nor rewrites project files
            }
        }
        return new BuildConfig(variables, projectFiles);
    }
}
