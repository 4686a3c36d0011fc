package dev.lazybuild.fetch.team;

import dev.lazybuild.testkit.S3Server;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The test S3 server's keys, given to each tier, never set as global system properties. */
final class S3Credentials {
    private S3Credentials() { }

    static AwsCredentialsProvider ofTestServer() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(S3Server.ACCESS_KEY, S3Server.SECRET_KEY));
    }
}
