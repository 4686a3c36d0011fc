package dev.lazybuild.fetch.team;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The team tier in S3-compatible object storage, with the AWS SDK for Java v2 (which signs
 * requests; nothing here is hand-written signing). Large files are uploaded in parts.
 */
public final class S3Tier implements Tier {
    /** Above this, an upload goes in parts of this size: S3 allows 5 GiB in one PUT, but a retry would resend it all. */
    static final long PART_SIZE = 16L << 20;

    private final S3Client s3;
    private final TierSettings settings;

    /**
     * @param credentials where the keys come from: the SDK's default chain for a user's run
     *        ({@code DefaultCredentialsProvider}: environment, profile files), fixed keys in a test
     */
    public S3Tier(TierSettings settings, AwsCredentialsProvider credentials) {
        this.settings = settings;
        this.s3 = S3Client.builder()
                .endpointOverride(settings.endpoint())
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyle())
                .credentialsProvider(credentials)
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(16))
                // The SDK's default CRC trailers are not understood by every S3-compatible
                // server (older MinIO, Ceph, s3proxy); integrity is ours to check anyway.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    @Override
    public boolean get(String key, OutputStream out) throws IOException {
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(settings.bucket()).key(fullKey(key)))) {
            in.transferTo(out);
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw new IOException("team cache " + describe() + ": HTTP " + e.statusCode() + " " + e.awsErrorDetails().errorCode(), e);
        } catch (SdkException e) {
            throw new IOException("team cache " + describe() + " unreachable: " + e.getMessage(), e);
        }
    }

    @Override
    public OptionalLong size(String key) throws IOException {
        try {
            return OptionalLong.of(s3.headObject(b -> b.bucket(settings.bucket()).key(fullKey(key))).contentLength());
        } catch (NoSuchKeyException e) {
            return OptionalLong.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return OptionalLong.empty();
            }
            throw new IOException("team cache " + describe() + ": HTTP " + e.statusCode() + " on HEAD " + key, e);
        } catch (SdkException e) {
            throw new IOException("team cache " + describe() + " unreachable: " + e.getMessage(), e);
        }
    }

    @Override
    public void put(String key, Path file) throws IOException {
        String k = fullKey(key);
        try {
            long size = Files.size(file);
            if (size <= PART_SIZE) {
                s3.putObject(b -> b.bucket(settings.bucket()).key(k), RequestBody.fromFile(file));
            } else {
                putInParts(k, file, size);
            }
        } catch (SdkException e) {
            throw new IOException("team cache " + describe() + ": upload of " + key + " failed: " + e.getMessage(), e);
        }
    }

    private void putInParts(String key, Path file, long size) throws IOException {
        String uploadId = s3.createMultipartUpload(b -> b.bucket(settings.bucket()).key(key)).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate((int) PART_SIZE);
            int number = 1;
            for (long offset = 0; offset < size; offset += PART_SIZE, number++) {
                buf.clear();
                while (buf.hasRemaining() && ch.read(buf, offset + buf.position()) > 0) {
                    // fill the part
                }
                buf.flip();
                int n = number;
                String etag = s3.uploadPart(b -> b.bucket(settings.bucket()).key(key).uploadId(uploadId).partNumber(n),
                        RequestBody.fromByteBuffer(buf)).eTag();
                parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
            }
            s3.completeMultipartUpload(b -> b.bucket(settings.bucket()).key(key).uploadId(uploadId)
                    .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
        } catch (IOException | SdkException e) {
            s3.abortMultipartUpload(b -> b.bucket(settings.bucket()).key(key).uploadId(uploadId));
            throw e;
        }
    }

    private String fullKey(String key) {
        return settings.prefix() + key;
    }

    @Override
    public String describe() {
        return settings.endpoint() + "/" + settings.bucket() + (settings.prefix().isEmpty() ? "" : "/" + settings.prefix());
    }

    @Override
    public void close() {
        s3.close();
    }

}
