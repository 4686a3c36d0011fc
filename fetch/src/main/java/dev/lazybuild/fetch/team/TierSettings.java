package dev.lazybuild.fetch.team;

import java.net.URI;

/**
 * Where the team tier is. Credentials are not here: the caller gives {@link S3Tier} a
 * credentials provider (the SDK's default chain: AWS environment variables and profile files),
 * and they are never logged.
 *
 * @param endpoint the S3 API endpoint (e.g. https://s3.eu-west-1.amazonaws.com, http://minio:9000)
 * @param bucket the bucket
 * @param prefix a key prefix inside the bucket ("" for none), e.g. "lazybuild/"
 * @param region the signing region (any value for most S3-compatible servers)
 * @param pathStyle path-style access (bucket in the path), as MinIO, Ceph RGW and s3proxy want
 * @param upload whether files fetched from upstream are written back; false for untrusted runners
 */
public record TierSettings(URI endpoint, String bucket, String prefix, String region, boolean pathStyle, boolean upload) {
    public TierSettings {
        prefix = prefix == null ? "" : prefix;
        region = region == null || region.isBlank() ? "us-east-1" : region;
    }
}
