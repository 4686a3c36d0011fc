package dev.lazybuild.cli.podman;

import dev.lazybuild.fetch.LazybuildException;
import java.util.Locale;
import java.util.Optional;

/** Maps podman's platform and arch names to the RPM architecture whose files the build sees. */
public final class Platforms {
    private Platforms() { }

    /**
     * The RPM arch for {@code --platform os/arch[/variant]} or {@code --arch}, else the host's.
     *
     * @throws LazybuildException for a multi-platform build, which one mount cannot serve
     */
    public static String rpmArch(Optional<String> platform, Optional<String> arch) {
        if (platform.isPresent()) {
            String p = platform.get();
            if (p.contains(",")) {
                throw new LazybuildException(LazybuildException.Kind.CONFIG, "--platform " + p
                        + " names several platforms; lazybuild builds one platform at a time: run one build per platform");
            }
            String[] parts = p.split("/");
            return rpmArch(parts.length > 1 ? parts[1] : parts[0]);
        }
        return rpmArch(arch.orElse(System.getProperty("os.arch")));
    }

    public static String rpmArch(String goOrJavaArch) {
        return switch (goOrJavaArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64", "x86-64" -> "x86_64";
            case "arm64", "aarch64" -> "aarch64";
            case "ppc64le" -> "ppc64le";
            case "s390x" -> "s390x";
            default -> goOrJavaArch;
        };
    }
}
