package dev.lazybuild.cli;

import dev.lazybuild.testkit.PylockWriter;
import dev.lazybuild.testkit.UpstreamServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The smallest build that downloads: a context locking one wheel, and a stand-in podman
 * (LAZYBUILD_PODMAN) whose "RUN step" is a shell script that finds the wheel through the mount.
 */
final class OneWheelBuild {
    static final String WHEEL = "demo-1.0-py3-none-any.whl";

    private OneWheelBuild() { }

    /** A context (FROM scratch) whose pylock.toml locks {@code wheel}, served by {@code upstream}; returns its URL. */
    static URI context(Path context, UpstreamServer upstream, byte[] wheel) throws IOException {
        URI url = upstream.put("/" + WHEEL, wheel);
        Files.createDirectories(context);
        Files.writeString(context.resolve("Containerfile"), "FROM scratch\n");
        Files.writeString(context.resolve("pylock.toml"), new PylockWriter()
                .wheel("demo", "1.0", url, wheel.length, UpstreamServer.sha256(wheel)).toToml());
        return url;
    }

    /** An executable podman at {@code file} running {@code script}, with the wheel's path in $WHEEL. */
    static Path podman(Path file, String script) throws IOException {
        Files.writeString(file, "#!/bin/sh\n"
                + "while [ \"$1\" != --volume ]; do shift; done\n"
                + "WHEEL=\"${2%%:*}/output/deps/pip/" + WHEEL + "\"\n"
                + script);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
