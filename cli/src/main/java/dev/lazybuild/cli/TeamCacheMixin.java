package dev.lazybuild.cli;

import dev.lazybuild.fetch.team.S3Tier;
import dev.lazybuild.fetch.team.TeamTier;
import dev.lazybuild.fetch.team.TierSettings;
import java.io.PrintWriter;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import picocli.CommandLine.Option;

/**
 * {@code --no-upload}, and the team cache of the configuration ({@code [team-cache]}), for the
 * commands that download: build and prefetch.
 */
final class TeamCacheMixin {
    @Option(names = "--no-upload",
            description = "Read from the team cache ([team-cache] in the configuration) but never write to it, "
                    + "e.g. on an untrusted CI runner.")
    boolean noUpload;

    /** The configured team cache, or null when there is none; warnings go to {@code err} as one line each. */
    TeamTier open(Config config, PrintWriter err) {
        if (config.teamCache().isEmpty()) {
            return null;
        }
        TierSettings s = config.teamCache().get();
        boolean upload = s.upload() && !noUpload;
        return new TeamTier(new S3Tier(s, DefaultCredentialsProvider.builder().build()), upload, warning -> {
            synchronized (err) {
                err.println("lazybuild: warning: " + warning);
                err.flush();
            }
        });
    }
}
