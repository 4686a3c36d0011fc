package dev.lazybuild.bench;

import dev.lazybuild.testkit.S3Server;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The team cache of bench/run's "new host" measurement: the tests' S3 API server (s3proxy,
 * file-system backend) on 127.0.0.1, holding one bucket under a directory.
 *
 * <p>Usage: {@code TeamCacheServer DIRECTORY BUCKET}; prints "endpoint URL" once it listens and
 * stops when standard input closes. Credentials are {@link S3Server#ACCESS_KEY} and
 * {@link S3Server#SECRET_KEY}.
 */
public final class TeamCacheServer {
    private TeamCacheServer() { }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: TeamCacheServer DIRECTORY BUCKET");
            System.exit(2);
        }
        try (S3Server server = S3Server.start(Path.of(args[0]), args[1])) {
            System.out.println("endpoint " + server.endpoint());
            System.out.flush();
            // Held until the harness closes our stdin: that is its signal to stop.
            while (System.in.read() >= 0) {
                continue;
            }
        }
    }
}
