package dev.lazybuild.rpm;

import dev.lazybuild.fetch.ClientTls;
import dev.lazybuild.fetch.DaemonThreads;
import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.FetchException;
import dev.lazybuild.fetch.LazybuildException;
import dev.lazybuild.fetch.RemoteFile;
import dev.lazybuild.fetch.store.ContentStore;
import dev.lazybuild.fetch.store.GarbageCollector;
import dev.lazybuild.fetch.store.RepodataKey;
import dev.lazybuild.fetch.team.TeamTier;
import dev.lazybuild.vfs.lockfile.LockedFile;
import dev.lazybuild.vfs.lockfile.LockfileException;
import dev.lazybuild.vfs.lockfile.Lockfiles;
import dev.lazybuild.vfs.lockfile.ParsedLockfiles;
import dev.lazybuild.vfs.lockfile.RpmLockReader;
import dev.lazybuild.vfs.tree.Tree;
import dev.lazybuild.rpm.repodata.HeaderCheck;
import dev.lazybuild.rpm.repodata.HeaderRecord;
import dev.lazybuild.rpm.repodata.HeaderRepodata;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The dnf repositories the rpms.lock.yaml files of a build define for its architecture, and
 * their repodata. dnf reads {@code repodata/} before it opens any RPM, so a repoid's repodata is
 * made from all of its RPMs at once: once per lockfile, arch and repoid, then cached
 * ({@link RepodataCache}); a build makes it when it first looks into the repository
 * ({@link #addLazilyTo}), and from then on the RPMs are as lazy as any other file.
 */
public final class RpmRepositories {
    /** Downloads for a repodata miss run this many at a time (Hermeto's default concurrency is 5). */
    private static final int DOWNLOADS_IN_PARALLEL = 8;

    private final String arch;
    private final List<RpmLockReader.Lock> locks;

    private RpmRepositories(String arch, List<RpmLockReader.Lock> locks) {
        this.arch = arch;
        this.locks = locks;
    }

    /** The repositories of the rpms.lock.yaml files among {@code lockfiles}; other kinds are ignored. */
    public static RpmRepositories read(List<Path> lockfiles, String arch) {
        return read(lockfiles, arch, ParsedLockfiles.NONE, file -> null);
    }

    /**
     * As {@link #read(List, String)}, each lockfile's repositories from {@code parsed} when it kept
     * them, and its files fetched with its TLS: a header read and a whole download of an entitled
     * RPM present the same client certificate.
     *
     * @param tls the TLS of a lockfile's files (its rpm input's options.ssl), null for the JVM's defaults
     */
    public static RpmRepositories read(List<Path> lockfiles, String arch, ParsedLockfiles parsed,
            Function<Path, ClientTls> tls) {
        List<RpmLockReader.Lock> locks = new ArrayList<>();
        Map<String, Path> owner = new LinkedHashMap<>();
        for (Path file : lockfiles) {
            if (Lockfiles.Kind.ofFileName(file.getFileName().toString()) != Lockfiles.Kind.RPM) {
                continue;
            }
            RpmLockReader.Lock lock = parsed.rpmLock(file, arch);
            ClientTls clientTls = tls.apply(file);
            if (clientTls != null) {
                lock = lock.withTls(clientTls);
            }
            for (RpmLockReader.Repository r : lock.repositories()) {
                Path other = owner.putIfAbsent(r.repoid(), file);
                if (other != null) {
                    throw new LockfileException(file + ": repoid '" + r.repoid() + "' is also defined by " + other
                            + "; lazybuild makes one repository per repoid: lock it in one of the two files");
                }
            }
            locks.add(lock);
        }
        return new RpmRepositories(arch, List.copyOf(locks));
    }

    /** Each rpms.lock.yaml as read, with its file: what its entries are checked against. */
    public List<RpmLockReader.Lock> locks() {
        return locks;
    }

    public boolean isEmpty() {
        return locks.stream().allMatch(l -> l.repositories().isEmpty());
    }

    public String arch() {
        return arch;
    }

    /** Every file the lockfiles lock for this architecture (packages and module metadata), in lockfile order. */
    public List<LockedFile> files() {
        return locks.stream().flatMap(l -> l.repositories().stream()).flatMap(r -> r.files().stream()).toList();
    }

    /** Every repoid, in lockfile order. */
    public List<String> repoids() {
        return locks.stream().flatMap(l -> l.repositories().stream()).map(RpmLockReader.Repository::repoid).toList();
    }

    /**
     * Makes sure every repoid has repodata in the cache: the one eager step of a build, and
     * what {@code prefetch --rpm-only} runs. On a miss (and no usable team cache entry) the
     * repodata is written from the RPMs' headers, fetched with ranged requests in parallel
     * and, where keys are known, checked by their signatures; or, with
     * {@link RepodataPolicy#wholeFiles()}, the repoid's RPMs are fetched into {@code store}
     * (its listener hears the progress) and createrepo_c runs over them. {@code notices}
     * hears, before that, what is fetched and why.
     *
     * @return the {@code repodata/} directory of each repoid
     */
    Map<String, Path> prepareRepodata(ContentStore store, RepodataCache cache, Createrepo createrepo,
            RepodataPolicy policy, Consumer<String> notices) {
        return prepareRepodata(repoids(), store, cache, createrepo, policy, notices);
    }

    /** As {@link #prepareRepodata(ContentStore, RepodataCache, Createrepo, RepodataPolicy, Consumer)} for {@code wanted} repoids only. */
    private Map<String, Path> prepareRepodata(List<String> wanted, ContentStore store, RepodataCache cache,
            Createrepo createrepo, RepodataPolicy policy, Consumer<String> notices) {
        Map<String, Path> out = new LinkedHashMap<>();
        List<RpmLockReader.Repository> misses = new ArrayList<>();
        Map<RpmLockReader.Repository, RpmLockReader.Lock> lockOf = new LinkedHashMap<>();
        for (RpmLockReader.Lock lock : locks) {
            for (RpmLockReader.Repository r : lock.repositories()) {
                if (!wanted.contains(r.repoid())) {
                    continue;
                }
                lockOf.put(r, lock);
                cache.lookup(keyOf(lock, r)).ifPresentOrElse(
                        p -> out.put(r.repoid(), p), () -> misses.add(r));
            }
        }
        Optional<SharedRepodata> shared = store.source(TeamTier.class).map(SharedRepodata::new);
        if (shared.isPresent() && !misses.isEmpty()) {
            for (RpmLockReader.Repository r : List.copyOf(misses)) {
                RepodataKey key = keyOf(lockOf.get(r), r);
                cache.fill(key, work -> shared.get().fetchInto(key, r, work)).ifPresent(p -> {
                    out.put(r.repoid(), p);
                    misses.remove(r);
                    notices.accept("repodata for " + arch + " repoid " + r.repoid() + " from the team cache"
                            + " (checked against the lockfile); no RPM downloaded for it");
                });
            }
        }
        if (misses.isEmpty()) {
            return out;
        }
        if (!policy.wholeFiles()) {
            fromHeaders(misses, lockOf, store, cache, policy, notices).forEach((r, p) -> {
                out.put(r.repoid(), p);
                shared.ifPresent(s -> s.upload(keyOf(lockOf.get(r), r), p));
            });
            return out;
        }
        createrepo.requireInstalled("generate repodata for " + misses.get(0).repoid());
        List<RemoteFile> needed = misses.stream().flatMap(r -> r.files().stream()).map(LockedFile::remote)
                .filter(f -> store.cached(f.digest()).isEmpty()).toList();
        long bytes = needed.stream().mapToLong(f -> Math.max(0, f.size())).sum();
        notices.accept("no cached repodata for " + arch + " " + repoidList(misses)
                + ": dnf reads repodata before it opens any RPM, so createrepo_c needs every RPM of "
                + (misses.size() == 1 ? "it" : "them") + " now (--verified-repodata); downloading " + needed.size()
                + (needed.size() == 1 ? " RPM (" : " RPMs (") + megabytes(bytes)
                + ") once. Later builds with this lockfile download only the RPMs dnf installs.");
        fetchAll(store, needed);
        for (RpmLockReader.Repository r : misses) {
            RpmLockReader.Lock lock = lockOf.get(r);
            RepodataKey key = keyOf(lock, r);
            Path generated = cache.getOrGenerate(key, work -> generate(r, store, createrepo, work));
            out.put(r.repoid(), generated);
            shared.ifPresent(s -> s.upload(key, generated));
        }
        return out;
    }

    /** Repodata written from the RPMs' headers, one entry per missing repoid. */
    private Map<RpmLockReader.Repository, Path> fromHeaders(List<RpmLockReader.Repository> misses,
            Map<RpmLockReader.Repository, RpmLockReader.Lock> lockOf, ContentStore store, RepodataCache cache,
            RepodataPolicy policy, Consumer<String> notices) {
        long rpms = misses.stream().mapToLong(r -> r.packages().size()).sum();
        notices.accept("no cached repodata for " + arch + " " + repoidList(misses) + ": reading the headers of " + rpms
                + (rpms == 1 ? " RPM" : " RPMs") + " (HTTP Range requests for the first bytes of each"
                + (policy.keys() == null ? "" : ", header signatures checked") + ") to write it once;"
                + " --verified-repodata downloads them whole instead");
        RangedHeaders headers = new RangedHeaders(store, notices);
        Map<RpmLockReader.Repository, Path> out = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(DOWNLOADS_IN_PARALLEL, DaemonThreads.named("rpm-headers"));
        try {
            for (RpmLockReader.Repository r : misses) {
                out.put(r, cache.getOrGenerate(keyOf(lockOf.get(r), r), work -> {
                    try {
                        HeaderRepodata.generate(r.packages().stream().map(LockedFile::remote).toList(), headers,
                                policy.keys(), moduleMetadata(r, store), pool, work);
                    } catch (IOException e) {
                        throw new LazybuildException(LazybuildException.Kind.CONFIG, "cannot write repodata for "
                                + r.repoid() + " in " + work + ": " + e.getMessage(), e);
                    }
                }));
            }
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    private static String repoidList(List<RpmLockReader.Repository> repositories) {
        return "repoid" + (repositories.size() == 1 ? " " : "s ")
                + String.join(", ", repositories.stream().map(RpmLockReader.Repository::repoid).toList());
    }

    /**
     * What checks each RPM the build downloads whole against the header its repodata was
     * written from (repoids whose repodata came from createrepo_c or the team cache have no
     * record and are not checked).
     */
    public HeaderCheck headerCheck(ContentStore store) {
        RepodataCache cache = new RepodataCache(store.root());
        List<HeaderCheck.Repository> checked = new ArrayList<>();
        for (RpmLockReader.Lock lock : locks) {
            for (RpmLockReader.Repository r : lock.repositories()) {
                RepodataKey key = keyOf(lock, r);
                Set<String> pkgids = r.packages().stream().map(f -> f.remote().digest())
                        .filter(d -> d.algorithm() == Digest.Algorithm.SHA256).map(Digest::hex).collect(Collectors.toSet());
                checked.add(new HeaderCheck.Repository(r.repoid(), pkgids, () -> cache.lookup(key).flatMap(repodata -> {
                    try {
                        return HeaderRecord.load(repodata.getParent());
                    } catch (IOException e) {
                        throw new LazybuildException(LazybuildException.Kind.CONFIG, "cannot read the header record of "
                                + repodata.getParent() + ": " + e.getMessage() + " (remove it; the next build makes it again)", e);
                    }
                }), () -> cache.drop(key)));
            }
        }
        return new HeaderCheck(checked);
    }

    /**
     * The repodata entries this build uses, for a lease: {@code cache gc} keeps them while it runs.
     */
    public List<RepodataKey> repodataKeys() {
        List<RepodataKey> keys = new ArrayList<>();
        for (RpmLockReader.Lock lock : locks) {
            for (RpmLockReader.Repository r : lock.repositories()) {
                keys.add(keyOf(lock, r));
            }
        }
        return keys;
    }

    private RepodataKey keyOf(RpmLockReader.Lock lock, RpmLockReader.Repository repository) {
        return new RepodataKey(lock.lockfileSha256(), arch, repository.repoid());
    }

    /**
     * As {@link #prepareRepodata(ContentStore, RepodataCache, Createrepo, RepodataPolicy, Consumer)} with the
     * store's repodata cache and createrepo_c from the environment.
     */
    public Map<String, Path> prepareRepodata(ContentStore store, RepodataPolicy policy, Consumer<String> notices) {
        return prepareRepodata(store, new RepodataCache(store.root()), new Createrepo(System.getenv()), policy, notices);
    }

    /** Header-only repodata without keys: {@link #prepareRepodata(ContentStore, RepodataPolicy, Consumer)}. */
    public Map<String, Path> prepareRepodata(ContentStore store, Consumer<String> notices) {
        return prepareRepodata(store, RepodataPolicy.HEADERS, notices);
    }

    /**
     * For {@code lazybuild doctor}: throws a {@code PrerequisiteException} saying how to install
     * createrepo_c when it cannot be run ({@code LAZYBUILD_CREATEREPO} or PATH).
     */
    public static void requireCreaterepo(Map<String, String> env) {
        new Createrepo(env).requireInstalled("generate repodata for rpms.lock.yaml");
    }

    /**
     * Adds the repodata and the repo files to a tree whose root the build sees at
     * {@code mountTarget} (paths under {@code output/}, as HermetoLayout puts them).
     */
    public void addTo(Tree.Builder tree, Map<String, Path> repodata, String mountTarget, RepoOptions options) {
        repodata.forEach((repoid, dir) -> filesOf(dir).forEach((name, f) -> {
            try {
                tree.addLocal(repodataDirectory(repoid) + "/" + name, f, Files.size(f), repodataOrigin(repoid));
            } catch (IOException e) {
                throw unreadable(dir, e);
            }
        }));
        addRepoFiles(tree, mountTarget, options);
    }

    /**
     * As {@link #addTo}, with each repoid's {@code repodata/} a lazy directory: {@code repodataOf}
     * makes it sure to be cached (see {@link #prepareRepodata(String, ContentStore, RepodataPolicy, Consumer)})
     * on the build's first look into the repository, so a build that never runs dnf makes none.
     */
    public void addLazilyTo(Tree.Builder tree, Function<String, Path> repodataOf, String mountTarget, RepoOptions options) {
        for (String repoid : repoids()) {
            tree.addLazyDirectory(repodataDirectory(repoid), repodataOrigin(repoid), () -> filesOf(repodataOf.apply(repoid)));
        }
        addRepoFiles(tree, mountTarget, options);
    }

    /**
     * Makes sure one repoid has repodata in the cache, as {@link #prepareRepodata(ContentStore, RepodataPolicy, Consumer)}
     * does for all; returns its {@code repodata/} directory.
     */
    public Path prepareRepodata(String repoid, ContentStore store, RepodataPolicy policy, Consumer<String> notices) {
        return prepareRepodata(List.of(repoid), store, new RepodataCache(store.root()), new Createrepo(System.getenv()), policy,
                notices).get(repoid);
    }

    private String repodataDirectory(String repoid) {
        return HermetoRpmPaths.repoDirectory(arch, repoid) + "/repodata";
    }

    private static String repodataOrigin(String repoid) {
        return "lazybuild (repodata of " + repoid + ")";
    }

    /** The files of a cached {@code repodata/} directory, by name. */
    private static Map<String, Path> filesOf(Path dir) {
        Map<String, Path> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.sorted().forEach(f -> out.put(f.getFileName().toString(), f));
            return out;
        } catch (IOException e) {
            throw unreadable(dir, e);
        }
    }

    private static LazybuildException unreadable(Path dir, IOException e) {
        return new LazybuildException(LazybuildException.Kind.CONFIG, "cannot read cached repodata " + dir
                + ": " + e.getMessage() + " (remove it; the next build generates it again)", e);
    }

    private void addRepoFiles(Tree.Builder tree, String mountTarget, RepoOptions options) {
        String text = RepoFiles.render(arch, repoids(), mountTarget, options);
        for (String name : RepoFiles.NAMES) {
            tree.addGenerated(reposDirectory() + "/" + name, text, "lazybuild (" + name + ")");
        }
    }

    /** Where the repo files are, relative to the mount root: what the build mounts at /etc/yum.repos.d. */
    public String reposDirectory() {
        return HermetoRpmPaths.reposDirectory(arch);
    }

    private static void fetchAll(ContentStore store, List<RemoteFile> files) {
        ExecutorService pool = Executors.newFixedThreadPool(DOWNLOADS_IN_PARALLEL, DaemonThreads.named("rpm-prefetch"));
        try {
            List<Future<Path>> pending = new ArrayList<>();
            for (RemoteFile f : files) {
                pending.add(pool.submit(() -> store.fetch(f)));
            }
            for (Future<Path> p : pending) {
                p.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LazybuildException le) {
                throw le;
            }
            throw new FetchException("downloading RPMs for repodata failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchException("interrupted while downloading RPMs for repodata", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * createrepo_c over a directory of symlinks named as the build sees the RPMs, so every
     * location href is the bare file name and dnf, given the mount's repoid directory as
     * baseurl, opens the lazily served file.
     */
    private static void generate(RpmLockReader.Repository repo, ContentStore store, Createrepo createrepo, Path work) {
        try {
            Path links = Files.createDirectories(work.resolve("links"));
            for (LockedFile f : repo.packages()) {
                Files.createSymbolicLink(links.resolve(f.remote().name()), store.fetch(f.remote()));
            }
            createrepo.createrepo(links);
            Files.move(links.resolve("repodata"), work.resolve("repodata"));
            byte[] modules = moduleMetadata(repo, store);
            if (modules != null) {
                Path yaml = Files.write(work.resolve("modules.yaml"), modules);
                createrepo.addModules(yaml, work.resolve("repodata"));
                Files.delete(yaml);
            }
            GarbageCollector.deleteTree(links);
        } catch (IOException e) {
            throw new LazybuildException(LazybuildException.Kind.CONFIG, "cannot generate repodata for " + repo.repoid()
                    + " in " + work + ": " + e.getMessage(), e);
        }
    }

    /** The repository's module metadata files, un-gzipped and joined, or null when it locks none. */
    private static byte[] moduleMetadata(RpmLockReader.Repository repo, ContentStore store) throws IOException {
        if (repo.moduleMetadata().isEmpty()) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (LockedFile f : repo.moduleMetadata()) {
            try (InputStream in = open(store.fetch(f.remote()), f.remote().name())) {
                in.transferTo(out);
            }
            out.write('\n');
        }
        return out.toByteArray();
    }

    /** Module metadata as rpm-lockfile-prototype locks it: the repository's modules.yaml, often gzipped. */
    private static InputStream open(Path file, String name) throws IOException {
        InputStream in = Files.newInputStream(file);
        return name.endsWith(".gz") ? new GZIPInputStream(in) : in;
    }

    static String megabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
