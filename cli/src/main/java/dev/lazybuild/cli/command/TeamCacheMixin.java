package dev.lazybuild.cli.command;

import dev.lazybuild.cli.config.Config;
import dev.lazybuild.cli.terminal.Console;
import dev.lazybuild.fetch.team.S3Tier;
import dev.lazybuild.fetch.team.TeamTier;
import dev.lazybuild.fetch.team.TierSettings;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * {@code --no-upload}, and the team cache of the configuration ({@code [team-cache]}), for the
 * commands that download: build and prefetch.
 */
final class TeamCacheMixin {
    @Option(names = "--no-upload",
            description = "Read from the team cache ([team-cache] in the configuration) but never write to it, "
                    + "e.g. on an untrusted CI runner.")
    boolean noUpload;

    /** The configured team cache, or null when there is none; its warnings go to the console. */
    public TeamTier open(Config config, Console console) {
        if (config.teamCache().isEmpty()) {
            return null;
        }
        TierSettings s = config.teamCache().get();
        boolean upload = s.upload() && !noUpload;
        return new TeamTier(new S3Tier(s, DefaultCredentialsProvider.builder().build()), upload, console::warning);
    }
}
