package dev.lazybuild.rpm.repodata;

import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.RemoteFile;
import dev.lazybuild.rpm.header.RpmFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compares each RPM a build downloads whole with the header its repository's repodata was
 * written from ({@link HeaderRecord}), once per package and build. On a difference the
 * repodata that trusted the header is dropped (so the next build makes it again) and the
 * open fails with a message that says so.
 */
public final class HeaderCheck {
    /**
     * One repository: the pkgids the lockfile locks in it, its record, and how to drop its
     * repodata. The record is read when a package is checked, not before: a build's repodata
     * is made on the build's first look into the repository, after the check was set up.
     *
     * @param record the record of the repodata in the cache now; empty when there is none, or
     *        it was made from whole files (createrepo_c, the team cache): nothing to compare
     */
    public record Repository(String repoid, Set<String> pkgids, Supplier<Optional<HeaderRecord>> record, Runnable drop) {
        /** A repository whose record is known now, covering its own packages. */
        public static Repository of(String repoid, HeaderRecord record, Runnable drop) {
            return new Repository(repoid, record.packages().keySet(), () -> Optional.of(record), drop);
        }
    }

    private final Map<String, Repository> byPkgid = new LinkedHashMap<>();
    private final Set<String> checked = ConcurrentHashMap.newKeySet();
    /**
     * Why a repository's repodata was dropped in this build, by repoid: every later open of one
     * of its packages fails the same way, though the record is gone (dnf read the repodata that
     * trusted the lying header already, and retries an open that failed).
     */
    private final Map<String, RpmFormatException> dropped = new ConcurrentHashMap<>();

    public HeaderCheck(List<Repository> repositories) {
        for (Repository r : repositories) {
            r.pkgids().forEach(pkgid -> byPkgid.putIfAbsent(pkgid, r));
        }
    }

    /**
     * Whether {@code object} (as {@link #check}) has the header its repodata was written from,
     * without consequences: nothing is dropped, nothing fails. For exposing a cached package
     * before anything opens it, when the repodata must stay readable until then; a package it
     * does not trust is left to {@link #check} at its open. With no record yet there is nothing
     * to distrust: repodata made later in the build reads a cached package's header from the
     * package itself (RangedHeaders), not from a server.
     */
    public boolean trusts(RemoteFile file, Path object) {
        Repository repository = recordOf(file);
        if (repository == null || checked.contains(file.digest().hex())) {
            return true;
        }
        Optional<HeaderRecord> record = repository.record().get();
        if (record.isEmpty()) {
            return true;
        }
        try {
            record.get().check(file.digest().hex(), object, file.name());
            return true;
        } catch (RpmFormatException | IOException e) {
            return false;
        }
    }

    /** The repository whose lockfile locks {@code file}, or null (only sha256 digests are pkgids). */
    private Repository recordOf(RemoteFile file) {
        return file.digest().algorithm() == Digest.Algorithm.SHA256 ? byPkgid.get(file.digest().hex()) : null;
    }

    /** Whether no repository locks a package (else its repodata may come from headers, and there is something to check). */
    public boolean isEmpty() {
        return byPkgid.isEmpty();
    }

    /**
     * Checks {@code object}, the verified whole content of {@code file}; a file no record
     * covers passes.
     *
     * @throws RpmFormatException when its header is not the one the repodata used
     */
    public void check(RemoteFile file, Path object) {
        Repository repository = recordOf(file);
        String pkgid = file.digest().hex();
        if (repository == null || checked.contains(pkgid)) {
            return;
        }
        RpmFormatException earlier = dropped.get(repository.repoid());
        if (earlier != null) {
            throw earlier;
        }
        Optional<HeaderRecord> record = repository.record().get();
        if (record.isEmpty()) {
            return;
        }
        try {
            record.get().check(pkgid, object, file.name());
            checked.add(pkgid);
        } catch (RpmFormatException e) {
            repository.drop().run();
            RpmFormatException failure = new RpmFormatException(e.getMessage() + "; the repodata of repoid "
                    + repository.repoid() + " was written from it and is dropped: run the build again to make it anew,"
                    + " or use --verified-repodata to index whole files", e);
            dropped.putIfAbsent(repository.repoid(), failure);
            throw failure;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + object + " to compare its header: " + e.getMessage(), e);
        }
    }
}
