package dev.lazybuild.cli.app;

import dev.lazybuild.cli.config.Config;
import dev.lazybuild.fetch.http.HttpUpstream;
import dev.lazybuild.fetch.store.StoreLayout;
import dev.lazybuild.vfs.lockfile.LockedFile;
import dev.lazybuild.vfs.pip.HttpIndexTransport;
import dev.lazybuild.vfs.pip.PipInput;
import dev.lazybuild.vfs.pip.PipResolver;
import dev.lazybuild.vfs.pip.RequirementsFile;
import dev.lazybuild.vfs.pip.ResolutionCache;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * pip inputs turned into the files of the tree: requirements files resolved through their
 * index with the configuration's mirrors, this process's proxies and netrc (the HTTP upstream
 * downloads use), answers kept in the store's {@code resolutions/}, so that a second plan or
 * build asks the index nothing. Notices (ignored {@code -r} lines, files downloaded to check
 * their hash) go to {@code notices}.
 *
 * @param env where PIP_INDEX_URL, proxies and NETRC are read
 */
public record PipResolution(Config config, Path cacheRoot, Map<String, String> env, Consumer<String> notices) {

    /**
     * {@code --lockfile requirements*.txt}: every file of the index whose hash the (hash-locked)
     * files list, with no binary filter.
     */
    public List<LockedFile> hashedFiles(List<Path> requirementsFiles) {
        List<RequirementsFile> files = requirementsFiles.stream().map(RequirementsFile::read).toList();
        return resolve(resolver -> resolver.resolveHashed(files));
    }

    /**
     * A Hermeto pip input ({@code --prefetch-input}, a Konflux PipelineRun's {@code prefetch-input}):
     * exactly the files Hermeto would prefetch for it, by its {@code binary} filter and strategy.
     *
     * @param sourceRoot the checkout the input's {@code path} is relative to
     * @param input e.g. {@code PipInput.fromHermetoInput(map)}
     */
    public List<LockedFile> inputFiles(Path sourceRoot, PipInput input) {
        return resolve(resolver -> resolver.resolve(sourceRoot, input));
    }

    private List<LockedFile> resolve(Function<PipResolver, PipResolver.Resolution> how) {
        HttpUpstream http = new HttpUpstream(config.concurrency(), env);
        try {
            PipResolver resolver = new PipResolver(new HttpIndexTransport(http, config.mirrorRules()), env,
                    new ResolutionCache(StoreLayout.of(cacheRoot).resolutions()));
            PipResolver.Resolution resolution = how.apply(resolver);
            resolution.notices().forEach(notices);
            return resolution.lockedFiles();
        } finally {
            try {
                http.close();
            } catch (IOException e) {
                // Only the connection pool failed to close: the answer is complete, nothing to report.
            }
        }
    }
}
