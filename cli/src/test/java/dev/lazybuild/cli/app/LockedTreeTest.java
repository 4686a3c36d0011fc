package dev.lazybuild.cli.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.cli.config.Config;
import dev.lazybuild.fetch.http.HttpUpstream;
import dev.lazybuild.fetch.http.UpstreamSource;
import dev.lazybuild.fetch.store.ContentStore;
import dev.lazybuild.rpm.RepoOptions;
import dev.lazybuild.testkit.UpstreamServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockedTreeTest {
    @TempDir
    Path work;

    @Test
    void planAndBuildAssembleTheSameTreeAtTheConfiguredMountTarget() throws Exception {
        byte[] tarball = "the bytes of left-pad".getBytes();
        String sri = "sha512-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512").digest(tarball));
        Path context = Files.createDirectories(work.resolve("context"));
        Files.writeString(context.resolve(Config.CONTEXT_FILE), "mount-target = \"/deps-here\"\n");
        Map<String, String> env = Map.of("HOME", work.toString());
        try (UpstreamServer server = UpstreamServer.start()) {
            String url = server.put("/pkgs/left-pad-1.3.0.tgz", tarball).toString();
            Files.writeString(context.resolve("package-lock.json"), """
                    {"lockfileVersion": 3, "packages": {"": {"name": "app"},
                      "node_modules/left-pad": {"version": "1.3.0", "resolved": "%s", "integrity": "%s"}}}
                    """.formatted(url, sri));
            Config config = Config.load(context, null, env);
            LockedInputs inputs = LockedInputs.read(java.util.List.of(context.resolve("package-lock.json")), "x86_64", null,
                    dev.lazybuild.vfs.lockfile.DigestPolicy.WARN_WEAK, java.util.Map.of());

            LockedTree planned = LockedTree.forListing(inputs, LockedTree.mountTarget(null, config), config,
                    work.resolve("cache"), true, java.util.Map.of());
            LockedTree built;
            try (HttpUpstream upstream = new HttpUpstream(config.concurrency())) {
                ContentStore store = ContentStore.builder(work.resolve("cache"))
                        .then(new UpstreamSource(upstream, config.mirrorRules(), config.concurrency())).build();
                built = LockedTree.forBuild(inputs, LockedTree.mountTarget(null, config), RepoOptions.DEFAULT, store,
                        s -> Map.of());
            }

            assertThat(planned.mountTarget()).isEqualTo("/deps-here").isEqualTo(built.mountTarget());
            assertThat(downloads(planned)).isEqualTo(downloads(built)).singleElement().satisfies(line ->
                    assertThat(line).startsWith("output/deps/npm/").endsWith(" " + tarball.length));
            assertThat(planned.files()).isEqualTo(built.files());
        }
    }

    @Test
    void theMountTargetFlagWinsOverTheConfiguration() throws Exception {
        Files.writeString(work.resolve(Config.CONTEXT_FILE), "mount-target = \"/from-config\"\n");
        Config config = Config.load(work, null, Map.of("HOME", work.toString()));
        assertThat(LockedTree.mountTarget(null, config)).isEqualTo("/from-config");
        assertThat(LockedTree.mountTarget("/from-flag", config)).isEqualTo("/from-flag");
    }

    /** Every downloaded file of the tree: path, digest and size. */
    private static java.util.List<String> downloads(LockedTree t) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        t.tree().forEachFile((path, node) -> {
            if (node.remote() != null) {
                lines.add(path + " " + node.remote().digest() + " " + node.size());
            }
        });
        return lines;
    }
}
