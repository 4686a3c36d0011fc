package dev.lazybuild.cli.command;

import dev.lazybuild.cli.config.Config;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --cache-dir}: the shared content store. */
public final class CacheDirMixin {
    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "The shared cache (default: $LAZYBUILD_CACHE_DIR, else cache-dir in a config file, else"
                    + " $XDG_CACHE_HOME/lazybuild, else $HOME/.cache/lazybuild).")
    public Path cacheDir;

    /** The flag, else what the configuration says. */
    public Path resolve(Config config) {
        return cacheDir != null ? cacheDir : config.cacheDir();
    }
}
