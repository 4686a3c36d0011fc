package dev.lazybuild.cli;

import dev.lazybuild.fetch.ContentStore;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --cache-dir}: the shared content store. */
final class CacheDirMixin {
    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "The shared cache (default: $LAZYBUILD_CACHE_DIR, else $XDG_CACHE_HOME/lazybuild, else ~/.cache/lazybuild).")
    Path cacheDir;

    Path resolve() {
        return cacheDir != null ? cacheDir : ContentStore.defaultRoot(System.getenv());
    }
}
