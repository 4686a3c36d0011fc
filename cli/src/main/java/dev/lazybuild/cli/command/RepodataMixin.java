package dev.lazybuild.cli.command;

import dev.lazybuild.cli.config.Config;
import picocli.CommandLine.Option;

/** {@code --verified-repodata} for the commands that make missing RPM repodata (build, prefetch). */
final class RepodataMixin {
    @Option(names = "--verified-repodata",
            description = "Make missing RPM repodata from the whole RPMs with createrepo_c, not from their headers"
                    + " (default: verified-repodata in a config file, else false).")
    boolean verifiedRepodata;

    /** Whether repodata is made from whole RPMs: the option, else the config's key. */
    boolean verified(Config config) {
        return verifiedRepodata || config.verifiedRepodata();
    }
}
