package dev.lazybuild.cli.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same build on two machines has one identity; no host path, user or password is part of it. */
class BuildIdentityTest {
    @TempDir
    Path work;

    @Test
    void everyWayOfWritingOneRemoteIsTheSameAndCredentialsAreDropped() {
        for (String url : List.of("https://github.com/org/repo", "https://user:token@GitHub.com/org/repo.git/",
                "git@github.com:org/repo.git", "ssh://git@github.com:22/org/repo.git", "http://github.com//org/repo/")) {
            assertThat(BuildIdentity.normalised(url)).as(url).contains("github.com/org/repo");
        }
        assertThat(BuildIdentity.normalised("https://github.com/")).isEmpty();
        assertThat(BuildIdentity.normalised("not a url")).isEmpty();
    }

    @Test
    void twoCheckoutsAtDifferentPathsShareAnIdentityUntilALockfileChanges() throws Exception {
        Path a = checkout("runner-a/src", "https://ci:secret@example.com/team/app.git");
        Path b = checkout("elsewhere/b", "git@example.com:team/app.git");

        Optional<String> idA = BuildIdentity.of(a.resolve("app/Containerfile"), List.of(a.resolve("app/rpms.lock.yaml")));
        Optional<String> idB = BuildIdentity.of(b.resolve("app/Containerfile"), List.of(b.resolve("app/rpms.lock.yaml")));
        assertThat(idA).isPresent().isEqualTo(idB);
        assertThat(idA.get()).matches("[0-9a-f]{64}");

        Files.writeString(b.resolve("app/rpms.lock.yaml"), "changed\n");
        assertThat(BuildIdentity.of(b.resolve("app/Containerfile"), List.of(b.resolve("app/rpms.lock.yaml")))).isNotEqualTo(idA);
        Files.writeString(b.resolve("Containerfile"), "FROM scratch\n");
        Files.writeString(a.resolve("Containerfile"), "FROM scratch\n");
        assertThat(BuildIdentity.of(a.resolve("Containerfile"), List.of(a.resolve("app/rpms.lock.yaml"))))
                .as("another Containerfile of the repository").isNotEqualTo(idA);
    }

    @Test
    void aWorktreeReadsTheRemoteOfItsMainRepositoryAndNoRemoteIsNoIdentity() throws Exception {
        Path main = checkout("main", "https://example.com/team/app");
        Path gitDir = Files.createDirectories(main.resolve(".git/worktrees/wt"));
        Files.writeString(gitDir.resolve("commondir"), "../..\n");
        Path worktree = Files.createDirectories(work.resolve("wt/app"));
        Files.writeString(worktree.getParent().resolve(".git"), "gitdir: " + gitDir + "\n");
        assertThat(BuildIdentity.remoteUrl(worktree.getParent())).contains("https://example.com/team/app");

        Path bare = Files.createDirectories(work.resolve("no-remote/app"));
        Files.createDirectories(bare.getParent().resolve(".git"));
        Files.writeString(bare.getParent().resolve(".git/config"), "[core]\n\tbare = false\n");
        Files.writeString(bare.resolve("Containerfile"), "FROM scratch\n");
        assertThat(BuildIdentity.of(bare.resolve("Containerfile"), List.of())).isEmpty();
        Path outside = Files.createDirectories(work.resolve("not-a-checkout"));
        assertThat(BuildIdentity.of(Files.writeString(outside.resolve("Containerfile"), "FROM scratch\n"), List.of())).isEmpty();
    }

    private Path checkout(String dir, String remote) throws Exception {
        Path root = Files.createDirectories(work.resolve(dir));
        Files.createDirectories(root.resolve(".git"));
        Files.writeString(root.resolve(".git/config"), "[core]\n\trepositoryformatversion = 0\n"
                + "[remote \"upstream\"]\n\turl = https://example.com/other/fork\n"
                + "[remote \"origin\"]\n\turl = " + remote + "\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n");
        Files.createDirectories(root.resolve("app"));
        Files.writeString(root.resolve("app/Containerfile"), "FROM scratch\n");
        Files.writeString(root.resolve("app/rpms.lock.yaml"), "lockfileVersion: 1\n");
        return root;
    }
}
