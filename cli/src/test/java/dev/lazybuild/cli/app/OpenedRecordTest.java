package dev.lazybuild.cli.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.FetchListener;
import dev.lazybuild.fetch.RemoteFile;
import dev.lazybuild.fetch.http.HttpUpstream;
import dev.lazybuild.fetch.http.UpstreamSource;
import dev.lazybuild.fetch.store.ContentStore;
import dev.lazybuild.fetch.team.S3Tier;
import dev.lazybuild.fetch.team.TeamTier;
import dev.lazybuild.fetch.team.Tier;
import dev.lazybuild.fetch.team.TierSettings;
import dev.lazybuild.testkit.S3Server;
import dev.lazybuild.testkit.UpstreamServer;
import dev.lazybuild.vfs.lockfile.Ecosystem;
import dev.lazybuild.vfs.lockfile.LockedFile;
import dev.lazybuild.vfs.tree.Tree;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Fetch-ahead records shared through the team cache: a fresh machine (no record, empty cache)
 * reads the one another machine wrote under the build's identity and fetches ahead from it; a
 * record is hostile input, bounded and kept to files of the tree. Against a tier in a directory
 * and against a real S3 API server (s3proxy) on 127.0.0.1.
 */
class OpenedRecordTest {
    private static final String IDENTITY = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @TempDir
    Path work;

    private UpstreamServer upstream;
    private HttpUpstream http;
    private final List<RemoteFile> files = new ArrayList<>();
    private Tree tree;

    @BeforeEach
    void start() {
        upstream = UpstreamServer.start();
        http = new HttpUpstream(4);
        Tree.Builder b = Tree.builder();
        for (int i = 0; i < 4; i++) {
            byte[] content = ("wheel " + i).repeat(1000).getBytes(StandardCharsets.UTF_8);
            RemoteFile f = new RemoteFile(upstream.put("/w" + i, content), Digest.sha256(UpstreamServer.sha256(content)),
                    content.length, "w" + i);
            files.add(f);
            b.add(new LockedFile("output/deps/pip/w" + i + ".whl", f, Ecosystem.PIP, "pylock.toml"));
        }
        b.addLazyDirectory("output/deps/rpm/x86_64/base/repodata", "repodata of base", () -> {
            throw new AssertionError("a record must never make repodata");
        });
        tree = b.build();
    }

    @AfterEach
    void stop() throws IOException {
        http.close();
        upstream.close();
    }

    @Test
    void aFreshMachineFetchesAheadWhatAnotherMachineRecordedInADirectoryTier() throws Exception {
        Path shared = Files.createDirectories(work.resolve("team-dir"));
        freshMachineFetchesAhead(upload -> new TeamTier(new DirectoryTier(shared), upload, w -> { }));
    }

    @Test
    void aFreshMachineFetchesAheadWhatAnotherMachineRecordedInS3() throws Exception {
        try (S3Server s3 = S3Server.start(Files.createDirectories(work.resolve("s3")), "team")) {
            freshMachineFetchesAhead(upload -> new TeamTier(new S3Tier(new TierSettings(s3.endpoint(), "team", "lazybuild/", null,
                    true, upload), StaticCredentialsProvider.create(AwsBasicCredentials.create(S3Server.ACCESS_KEY,
                    S3Server.SECRET_KEY))), upload, w -> { }));
        }
    }

    private void freshMachineFetchesAhead(Function<Boolean, TeamTier> team) throws Exception {
        OpenedRecord onA = new OpenedRecord(work.resolve("a/opened/x.txt"), Optional.of(IDENTITY));
        try (TeamTier tier = team.apply(true)) {
            onA.write(tree, Set.of(files.get(0).digest(), files.get(2).digest()), tier);
        } // close waits for the upload
        assertThat(Files.readString(work.resolve("a/opened/x.txt")))
                .isEqualTo("output/deps/pip/w0.whl\noutput/deps/pip/w2.whl\n");

        OpenedRecord onB = new OpenedRecord(work.resolve("b/opened/x.txt"), Optional.of(IDENTITY));
        try (TeamTier tier = team.apply(false)) {
            List<String> paths = onB.read(tier);
            assertThat(paths).containsExactly("output/deps/pip/w0.whl", "output/deps/pip/w2.whl");
            ContentStore storeB = ContentStore.builder(work.resolve("cache-b")).then(new UpstreamSource(http)).build();
            BuildSummary summary = new BuildSummary(FetchListener.NONE);
            try (FetchAhead ahead = FetchAhead.prepare(paths, tree, storeB, 4, summary, n -> { })) {
                assertThat(upstream.requests()).isEmpty();
                ahead.start();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (storeB.cached(files.get(0).digest()).isEmpty() || storeB.cached(files.get(2).digest()).isEmpty()) {
                    assertThat(System.nanoTime()).isLessThan(deadline);
                    Thread.sleep(10);
                }
            }
            assertThat(upstream.requests()).extracting(UpstreamServer.Request::path).containsExactlyInAnyOrder("/w0", "/w2");
        }
        assertThat(onB.read(null)).as("machine B keeps no record until its own build succeeds").isEmpty();
    }

    @Test
    void theHostRecordWinsAndAHostileTeamRecordIsBoundedAndKeptToTheTree() throws Exception {
        Path shared = Files.createDirectories(work.resolve("team-dir"));
        Path key = shared.resolve("fetch-ahead/" + IDENTITY + ".txt");
        Files.createDirectories(key.getParent());
        Files.writeString(key, "output/deps/pip/w1.whl\n../../../etc/shadow\n/etc/passwd\noutput/deps/pip\n"
                + "output/deps/rpm/x86_64/base/repodata/repomd.xml\noutput/deps/pip/w3.whl\u0000x\nhttps://evil.example/x\n");
        OpenedRecord fresh = new OpenedRecord(work.resolve("fresh/opened/x.txt"), Optional.of(IDENTITY));
        ContentStore store = ContentStore.builder(work.resolve("cache")).then(new UpstreamSource(http)).build();
        try (TeamTier tier = new TeamTier(new DirectoryTier(shared), false, w -> { })) {
            List<String> paths = fresh.read(tier);
            assertThat(paths).doesNotContain("output/deps/pip/w3.whl\u0000x");
            FetchAhead ahead = FetchAhead.prepare(paths, tree, store, 2, new BuildSummary(FetchListener.NONE), n -> { });
            assertThat(ahead.wanted()).as("only w1: the rest names nothing the tree downloads").isEqualTo(1);
            ahead.close();

            Files.write(key, new byte[OpenedRecord.MAX_BYTES + 1]);
            assertThat(fresh.read(tier)).as("larger than the bound: ignored").isEmpty();

            Path host = Files.createDirectories(work.resolve("host/opened")).resolve("x.txt");
            Files.writeString(host, "output/deps/pip/w2.whl\n");
            assertThat(new OpenedRecord(host, Optional.of(IDENTITY)).read(tier)).containsExactly("output/deps/pip/w2.whl");
        }
        assertThat(upstream.requests()).isEmpty();
    }

    /** A team tier in a directory (a shared file system), as the S3 tier lays its keys out. */
    private record DirectoryTier(Path root) implements Tier {
        @Override
        public boolean get(String key, OutputStream out) throws IOException {
            Path p = root.resolve(key);
            if (!Files.isRegularFile(p)) {
                return false;
            }
            Files.copy(p, out);
            return true;
        }

        @Override
        public OptionalLong size(String key) throws IOException {
            Path p = root.resolve(key);
            return Files.isRegularFile(p) ? OptionalLong.of(Files.size(p)) : OptionalLong.empty();
        }

        @Override
        public void put(String key, Path file) throws IOException {
            Path p = root.resolve(key);
            Files.createDirectories(p.getParent());
            Files.copy(file, p, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }

        @Override
        public String describe() {
            return root.toString();
        }
    }
}
