package dev.lazybuild.cli.app;

import dev.lazybuild.fetch.LazybuildException;
import dev.lazybuild.fetch.store.ContentStore;
import dev.lazybuild.rpm.RepoOptions;
import dev.lazybuild.vfs.buildconfig.BuildConfigs;
import dev.lazybuild.vfs.export.TreeExport;
import dev.lazybuild.vfs.tree.HermetoLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code prefetch --output DIR}: what a Konflux build sees after Hermeto's fetch-deps,
 * generate-env and inject-files' RPM step, as plain files with DIR as the {@code /cachi2}
 * root: {@code output/deps/...} (copies of verified store objects), the repodata and
 * {@code repos.d} of each RPM repository, {@code output/bom.json},
 * {@code output/.build-config.json} and {@code cachi2.env}. The same tree a build mounts
 * ({@link LockedTree#forBuild}), so {@code podman build --volume DIR:/cachi2:ro} sees what a
 * lazybuild build would. Every file must be in the store already (prefetch fetched them);
 * re-running updates DIR in place and leaves what is right untouched.
 */
public final class OutputDirectory {
    static final String BOM = "bom.json";
    static final String BUILD_CONFIG = ".build-config.json";

    private OutputDirectory() { }

    /**
     * @param mountTarget where the build mounts DIR ({@code /cachi2}): the repo files' baseurl and cachi2.env name it
     * @param notice hears what preparing repodata has to say
     */
    public static TreeExport.Result write(Path dir, LockedInputs inputs, String mountTarget, ContentStore store,
            Consumer<String> notice, String version) {
        LockedTree tree = LockedTree.forBuild(inputs, mountTarget, RepoOptions.DEFAULT, store,
                s -> inputs.rpms().prepareRepodata(s, notice));
        Path output = dir.resolve(HermetoLayout.OUTPUT);
        try {
            TreeExport.Result result = TreeExport.write(tree.tree(), dir, HermetoLayout.OUTPUT + "/deps",
                    file -> store.cached(file.digest()).orElseThrow(() -> new IOException(file.name()
                            + " is not in the cache (" + file.urls().get(0) + ")")));
            TreeExport.writeIfChanged(output.resolve(BUILD_CONFIG),
                    BuildConfigs.of(inputs.lockfiles(), inputs.files()).toJson().getBytes(StandardCharsets.UTF_8));
            InputsSbom.write(output.resolve(BOM), inputs, InputsSbom.declared(inputs), Set.of(), version);
            return result;
        } catch (IOException e) {
            throw new LazybuildException(LazybuildException.Kind.FETCH, "cannot write the prefetch output to " + dir
                    + ": " + e.getMessage(), e);
        }
    }
}
