package dev.lazybuild.rpm.repodata;

import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.FetchException;
import dev.lazybuild.fetch.LazybuildException;
import dev.lazybuild.fetch.RemoteFile;
import dev.lazybuild.rpm.header.HeaderSignatures;
import dev.lazybuild.rpm.header.RpmHeaders;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The repodata of one repository written from its packages' headers alone: each package's
 * pkgid and size are the lockfile's, everything else is read from its lead, signature
 * header and header, fetched in parallel. With keys, every header must carry a header-only
 * signature by one of them before it is used.
 */
public final class HeaderRepodata {

    /** Where a package's headers come from: ranged reads through the fetch chain, or a file. */
    @FunctionalInterface
    public interface HeaderSource {
        RpmHeaders headers(RemoteFile rpm) throws IOException;
    }

    private record Read(PackageMetadata metadata, String recordLine) { }

    private HeaderRepodata() { }

    /**
     * Writes {@code work/repodata/} and, beside it, the {@link HeaderRecord} of the header
     * bytes used.
     *
     * @param keys the packages' signing keys, or null when none are known
     * @param modulesYaml the repository's module metadata, or null
     * @param pool runs the header fetches
     */
    public static void generate(List<RemoteFile> packages, HeaderSource source, HeaderSignatures keys, byte[] modulesYaml,
            ExecutorService pool, Path work) throws IOException {
        for (RemoteFile rpm : packages) {
            if (rpm.digest().algorithm() != Digest.Algorithm.SHA256 || !rpm.sizeKnown()) {
                throw new LazybuildException(LazybuildException.Kind.LOCKFILE, rpm.name() + ": repodata from headers needs"
                        + " the package's sha256 and size from the lockfile (its pkgid and size); this entry has "
                        + rpm.digest().algorithm().label() + (rpm.sizeKnown() ? "" : " and no size")
                        + ": use --verified-repodata");
            }
        }
        List<Future<Read>> pending = new ArrayList<>();
        for (RemoteFile rpm : packages) {
            pending.add(pool.submit(() -> {
                RpmHeaders headers = source.headers(rpm);
                if (keys != null) {
                    keys.verify(headers);
                }
                return new Read(PackageMetadataReader.read(headers, rpm.digest().hex(), rpm.size(), rpm.name()),
                        HeaderRecord.line(rpm.digest().hex(), headers));
            }));
        }
        List<PackageMetadata> metadata = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (Future<Read> p : pending) {
            Read read = await(p);
            metadata.add(read.metadata());
            lines.add(read.recordLine());
        }
        RepodataWriter.write(metadata, modulesYaml, work.resolve("repodata"));
        HeaderRecord.write(work.resolve(HeaderRecord.FILE_NAME), lines);
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof LazybuildException le) {
                throw le;
            }
            throw new FetchException("reading RPM headers for repodata failed: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchException("interrupted while reading RPM headers for repodata", e);
        }
    }
}
