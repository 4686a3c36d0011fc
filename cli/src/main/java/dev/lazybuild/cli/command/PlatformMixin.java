package dev.lazybuild.cli.command;

import dev.lazybuild.cli.podman.Platforms;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --platform} and {@code --arch} for the commands that read lockfiles without running
 * podman (plan, prefetch); build reads the same options from podman's own arguments.
 */
final class PlatformMixin {
    @Option(names = "--platform", paramLabel = "OS/ARCH",
            description = "The build's platform, as podman build takes it (e.g. linux/amd64); default: the host's.")
    String platform;

    @Option(names = "--arch", paramLabel = "ARCH",
            description = "The build's architecture, as podman build --arch takes it (amd64, arm64, ...); default: the host's.")
    String arch;

    /** The RPM architecture whose files the build would see. */
    String rpmArch() {
        return Platforms.rpmArch(Optional.ofNullable(platform), Optional.ofNullable(arch));
    }
}
