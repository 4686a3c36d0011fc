package dev.lazybuild.cli.app;

import dev.lazybuild.cli.config.Config;
import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.http.HttpUpstream;
import dev.lazybuild.fetch.http.UpstreamSource;
import dev.lazybuild.fetch.store.ContentStore;
import dev.lazybuild.rpm.RepoOptions;
import dev.lazybuild.vfs.lockfile.LockedFile;
import dev.lazybuild.vfs.tree.HermetoLayout;
import dev.lazybuild.vfs.tree.Tree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The tree a build sees, assembled once from its inputs (the lockfiles, read once), the
 * configuration (the mount target) and the platform (the RPM architecture): the Hermeto
 * layout of every locked file with its size, and for RPMs the repodata and repo files.
 * build, plan and prefetch all start here, so what plan lists is what build mounts.
 */
public final class LockedTree {
    private final LockedInputs inputs;
    private final List<LockedFile> files;
    private final String mountTarget;
    private final Tree tree;

    private LockedTree(LockedInputs inputs, List<LockedFile> files, String mountTarget, Tree tree) {
        this.inputs = inputs;
        this.files = List.copyOf(files);
        this.mountTarget = mountTarget;
        this.tree = tree;
    }

    /**
     * The tree a build mounts: every size known (the store remembers or asks once), and for
     * rpms.lock.yaml the repodata, which {@code prepareRepodata} makes sure is cached (the one
     * eager step of a build: dnf reads repodata before any RPM).
     *
     * @param prepareRepodata runs {@code RpmRepositories.prepareRepodata} with the caller's progress and notices
     */
    static LockedTree forBuild(LockedInputs inputs, String mountTarget, RepoOptions options, ContentStore store,
            Function<ContentStore, Map<String, Path>> prepareRepodata) {
        List<LockedFile> sized = FileSizes.lookUp(inputs.files(), store);
        Tree.Builder builder = layout(Tree.builder(), inputs, sized, mountTarget);
        if (!inputs.rpms().isEmpty()) {
            inputs.rpms().addTo(builder, prepareRepodata.apply(store), mountTarget,
                    options.withRepoidOptions(inputs.dnfOptions()));
        }
        return new LockedTree(inputs, sized, mountTarget, builder.build());
    }

    /**
     * The same files at the same place, for listing without network or mount: sizes the
     * lockfiles do not give come from the cache's memory, or, with {@code resolveSizes}, from
     * upstream (HEAD), through the proxies and netrc {@code env} names. No repodata: plan lists what is downloaded.
     */
    public static LockedTree forListing(LockedInputs inputs, String mountTarget, Config config, Path cacheRoot,
            boolean resolveSizes, Map<String, String> env) throws IOException {
        List<LockedFile> sized = inputs.files();
        if (!FileSizes.allKnown(sized) && (resolveSizes || Files.isDirectory(cacheRoot))) {
            try (HttpUpstream upstream = new HttpUpstream(config.concurrency(), env)) {
                ContentStore store = config.storeAt(cacheRoot).then(new UpstreamSource(upstream, config.mirrorRules(),
                        UpstreamSource.DEFAULT_DOWNLOADS_PER_HOST)).build();
                sized = resolveSizes ? FileSizes.lookUp(sized, store) : FileSizes.remembered(sized, store);
            }
        }
        return new LockedTree(inputs, sized, mountTarget, layout(Tree.builder().listingOnly(), inputs, sized, mountTarget).build());
    }

    /**
     * Hermeto's layout of the files, cachi2.env for the inputs' package managers (gomod's
     * variables come with its files), and the Go module cache's generated files.
     */
    private static Tree.Builder layout(Tree.Builder builder, LockedInputs inputs, List<LockedFile> sized, String mountTarget) {
        HermetoLayout.builder(builder, sized, mountTarget, inputs.inputTypes());
        return inputs.gomod() == null ? builder : inputs.gomod().addGeneratedTo(builder);
    }

    /** The mount target: the flag when given, else the configuration's (environment, config file, default). */
    public static String mountTarget(String flag, Config config) {
        return flag != null ? flag : config.mountTarget();
    }

    LockedInputs inputs() {
        return inputs;
    }

    /** Every locked file, with the sizes this assembly learned. */
    List<LockedFile> files() {
        return files;
    }

    public String mountTarget() {
        return mountTarget;
    }
public 
    Tree tree() {
        return tree;
    }

    /** The digest of every downloaded file in the tree: what a build leases against 'cache gc'. */
    List<Digest> digests() {
        List<Digest> digests = new ArrayList<>();
        tree.forEachFile((path, node) -> {
            if (node.remote() != null) {
                digests.add(node.remote().digest());
            }
        });
        return digests;
    }
}
