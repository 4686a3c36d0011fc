package dev.lazybuild.cli.config;

import dev.lazybuild.cli.command.BaseCommand;
import dev.lazybuild.cli.terminal.ByteSize;
import dev.lazybuild.fetch.BaseDirectories;
import dev.lazybuild.fetch.LazybuildException;
import dev.lazybuild.fetch.http.MirrorRules;
import dev.lazybuild.fetch.store.ContentStore;
import dev.lazybuild.fetch.team.TierSettings;
import dev.lazybuild.vfs.tree.HermetoLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;

/**
 * lazybuild's settings, each taken from the first of these that sets it:
 * <ol>
 *   <li>the command line (applied by each command on top of this, e.g. {@code --cache-dir})</li>
 *   <li>{@code LAZYBUILD_*} environment variables</li>
 *   <li>{@code --config FILE} (else {@code $LAZYBUILD_CONFIG})</li>
 *   <li>{@code lazybuild.toml} at the build context's root</li>
 *   <li>the user's {@code $XDG_CONFIG_HOME/lazybuild/config.toml} (else {@code ~/.config/...})</li>
 *   <li>the defaults</li>
 * </ol>
 * Mirrors merge instead: every file's {@code [mirrors]} rules apply, a higher file's rule
 * replacing a lower one's for the same prefix; {@code strict-digests} is on when any source
 * turns it on. The context's lazybuild.toml sets none of {@link ConfigFile#USER_ONLY_KEYS}
 * (see {@link ConfigFile.Source}). Load it once per command with
 * {@link #load(Path, Path, Map)}, or {@link BaseCommand#config(Path)}, which also prints the warnings.
 */
public record Config(Path cacheDir, int concurrency, String mountTarget, List<String> podmanArgs,
        Map<String, String> mirrors, Optional<TierSettings> teamCache, long maxDownloadSize, boolean strictDigests,
        boolean verifiedRepodata, List<Path> rpmGpgKeys, List<Path> files, List<String> warnings,
        Optional<PrefetchInputSetting> prefetchInput, Optional<Path> rpmEntitlement, Optional<Path> rpmCaBundle) {

    /**
     * {@code prefetch-input} and the file that set it (the highest one wins, whole).
     *
     * @param source whether the user's file or the build context's set it: only the user's may
     *        name client certificates (rpm {@code options.ssl})
     */
    public record PrefetchInputSetting(Object value, Path file, ConfigFile.Source source) { }


    public static final String CONTEXT_FILE = "lazybuild.toml";
    static final int DEFAULT_CONCURRENCY = 8;

    /**
     * @param context the build context whose {@code lazybuild.toml} applies, or null for commands without one
     * @param explicitFile the {@code --config} value, or null
     * @param env the environment ({@code LAZYBUILD_*}, {@code XDG_*}, {@code HOME})
     */
    public static Config load(Path context, Path explicitFile, Map<String, String> env) {
        List<ConfigFile> layers = new ArrayList<>(); // lowest first
        Path user = userFile(env);
        if (Files.isRegularFile(user)) {
            layers.add(ConfigFile.read(user, env, ConfigFile.Source.USER));
        }
        ConfigFile contextLayer = null;
        if (context != null && Files.isRegularFile(context.resolve(CONTEXT_FILE))) {
            contextLayer = ConfigFile.read(context.resolve(CONTEXT_FILE), env, ConfigFile.Source.CONTEXT);
            layers.add(contextLayer);
        }
        Path explicit = explicitFile != null ? explicitFile : nonBlank(env, "LAZYBUILD_CONFIG").map(Path::of).orElse(null);
        if (explicit != null) {
            if (!Files.isRegularFile(explicit)) {
                throw new LazybuildException(LazybuildException.Kind.CONFIG, "config file " + explicit + " does not exist"
                        + (explicitFile != null ? " (given with --config)" : " (named by LAZYBUILD_CONFIG)"));
            }
            layers.add(ConfigFile.read(explicit, env, ConfigFile.Source.USER));
        }

        Path cacheDir = nonBlank(env, "LAZYBUILD_CACHE_DIR").map(s -> ConfigFile.path(s, Path.of("").toAbsolutePath(), env, "LAZYBUILD_CACHE_DIR"))
                .or(() -> last(layers, ConfigFile::cacheDir))
                .orElseGet(() -> ContentStore.defaultRoot(env));
        int concurrency = nonBlank(env, "LAZYBUILD_CONCURRENCY").map(Config::concurrencyFromEnv)
                .or(() -> last(layers, ConfigFile::concurrency))
                .orElse(DEFAULT_CONCURRENCY);
        String mountTarget = nonBlank(env, "LAZYBUILD_MOUNT_TARGET").map(s -> ConfigFile.mountTarget(s, "LAZYBUILD_MOUNT_TARGET"))
                .or(() -> last(layers, ConfigFile::mountTarget))
                .orElse(HermetoLayout.DEFAULT_TARGET);
        List<String> podmanArgs = nonBlank(env, "LAZYBUILD_PODMAN_ARGS").map(s -> List.of(s.trim().split("\\s+")))
                .or(() -> last(layers, ConfigFile::podmanArgs))
                .orElse(List.of());
        Map<String, String> mirrors = new LinkedHashMap<>();
        layers.forEach(l -> mirrors.putAll(l.mirrors()));
        // The whole [team-cache] table of the highest file that has one: mixing endpoints and buckets makes no sense.
        Optional<TierSettings> teamCache = last(layers, ConfigFile::teamCache);
        if (teamCache.isPresent() && nonBlank(env, "LAZYBUILD_TEAM_CACHE_UPLOAD").filter("false"::equalsIgnoreCase).isPresent()) {
            TierSettings t = teamCache.get();
            teamCache = Optional.of(new TierSettings(t.endpoint(), t.bucket(), t.prefix(), t.region(), t.pathStyle(), false));
        }
        long maxDownloadSize = nonBlank(env, "LAZYBUILD_MAX_DOWNLOAD_SIZE").map(Config::maxDownloadSizeFromEnv)
                .or(() -> last(layers, ConfigFile::maxDownloadSize))
                .orElse(ContentStore.DEFAULT_MAX_DOWNLOAD_SIZE);
        // On when anyone asks: it only refuses more, so no layer needs to turn off another's.
        boolean strictDigests = nonBlank(env, "LAZYBUILD_STRICT_DIGESTS").filter("true"::equalsIgnoreCase).isPresent()
                || layers.stream().anyMatch(l -> l.strictDigests().orElse(false));
        boolean verifiedRepodata = last(layers, ConfigFile::verifiedRepodata).orElse(false);
        // Signing keys decide which headers are trusted: the user's files name them, never the context's.
        List<Path> rpmGpgKeys = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (ConfigFile layer : layers) {
            if (layer == contextLayer) {
                if (!layer.rpmGpgKeys().isEmpty()) {
                    warnings.add(layer.file() + ": rpm-gpg-keys ignored: signing keys come from your own config file"
                            + " (or the inputs' RPM-GPG-KEY-* artifacts), never from the build context");
                }
                continue;
            }
            rpmGpgKeys.addAll(layer.rpmGpgKeys());
        }
        layers.forEach(l -> warnings.addAll(l.warnings()));
        ConfigFile fromContext = contextLayer;
        return new Config(cacheDir, concurrency, mountTarget, podmanArgs, Map.copyOf(mirrors), teamCache, maxDownloadSize,
                strictDigests, verifiedRepodata, List.copyOf(rpmGpgKeys), layers.stream().map(ConfigFile::file).toList(),
                List.copyOf(warnings), last(layers, l -> l.prefetchInput().map(v -> new PrefetchInputSetting(v, l.file(),
                        l == fromContext ? ConfigFile.Source.CONTEXT : ConfigFile.Source.USER))),
                last(layers, ConfigFile::rpmEntitlement), last(layers, ConfigFile::rpmCaBundle));
    }

    /** The host store at {@code cacheRoot} with this configuration's limits; the caller adds the sources. */
    public ContentStore.Builder storeAt(Path cacheRoot) {
        return ContentStore.builder(cacheRoot).maxDownloadSize(maxDownloadSize);
    }

    public MirrorRules mirrorRules() {
        return mirrors.isEmpty() ? MirrorRules.NONE : new MirrorRules(mirrors);
    }

    /** The configured podman arguments, then {@code given}: the same option given on the command line wins. */
    public List<String> podmanArgsWith(List<String> given) {
        List<String> all = new ArrayList<>(podmanArgs);
        all.addAll(given);
        return all;
    }

    /** {@code $XDG_CONFIG_HOME/lazybuild/config.toml}, else {@code ~/.config/lazybuild/config.toml}. */
    static Path userFile(Map<String, String> env) {
        return BaseDirectories.of(env, null, "XDG_CONFIG_HOME", ".config").resolve("config.toml");
    }

    private static int concurrencyFromEnv(String s) {
        try {
            int n = Integer.parseInt(s.trim());
            if (n >= 1 && n <= ConfigFile.MAX_CONCURRENCY) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new LazybuildException(LazybuildException.Kind.CONFIG, "LAZYBUILD_CONCURRENCY must be an integer from 1 to "
                + ConfigFile.MAX_CONCURRENCY + "; got \"" + s + "\"");
    }

    private static long maxDownloadSizeFromEnv(String s) {
        try {
            long bytes = ByteSize.parse(s).bytes();
            if (bytes >= 1) {
                return bytes;
            }
        } catch (CommandLine.TypeConversionException e) {
            // reported below
        }
        throw new LazybuildException(LazybuildException.Kind.CONFIG,
                "LAZYBUILD_MAX_DOWNLOAD_SIZE must be a size such as 16G or 500M (at least 1 byte); got \"" + s + "\"");
    }

    private static <T> Optional<T> last(List<ConfigFile> layers, java.util.function.Function<ConfigFile, Optional<T>> get) {
        for (int i = layers.size() - 1; i >= 0; i--) {
            Optional<T> v = get.apply(layers.get(i));
            if (v.isPresent()) {
                return v;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> nonBlank(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
    }
}
