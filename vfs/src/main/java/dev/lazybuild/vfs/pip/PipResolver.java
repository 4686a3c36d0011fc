package dev.lazybuild.vfs.pip;

import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.FetchException;
import dev.lazybuild.fetch.RemoteFile;
import dev.lazybuild.vfs.lockfile.Ecosystem;
import dev.lazybuild.vfs.lockfile.LockedFile;
import dev.lazybuild.vfs.lockfile.LockfileException;
import dev.lazybuild.vfs.lockfile.Names;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Turns requirements files into the files Hermeto would put in {@code deps/pip/}, reading only
 * the index's project pages: Hermeto's {@code process_package_distributions} (which files of the
 * pinned version, by the {@code binary} strategy and filter, checked against the requirements
 * file's hashes), without its downloads. A file is downloaded here only when the index gives no
 * digest for it, because then Hermeto too downloads it to check it against the requirements file.
 */
public final class PipResolver {
    private static final int PARALLEL_PAGES = 8;

    /** What resolution found: the files, and what the user should be told (ignored options, downloads made to check). */
    public record Resolution(List<PipFile> files, List<String> notices) {
        public Resolution {
            files = List.copyOf(files);
            notices = List.copyOf(notices);
        }

        /**
         * The files as the tree takes them, at {@code deps/pip/<file name>}.
         *
         * @throws LockfileException when an index gave a file name that cannot be one entry of that flat directory
         */
        public List<LockedFile> lockedFiles() {
            List<LockedFile> out = new ArrayList<>();
            for (PipFile f : files) {
                String problem = Names.problemWith(f.fileName());
                if (problem != null) {
                    // deps/pip is one flat directory: a '/' would make a subdirectory pip never looks in.
                    throw new LockfileException(f.origin() + ": unsafe file name '" + f.fileName().replaceAll("\\p{Cntrl}", "?")
                            + "' from " + f.url() + ": " + problem);
                }
                out.add(new LockedFile(Ecosystem.PIP.directory() + f.fileName(), new RemoteFile(f.url(), f.digest(), f.size(),
                        f.fileName()), Ecosystem.PIP, f.origin()));
            }
            return out;
        }
    }

    /** Which files of a pinned version to take. */
    private enum Selection { HERMETO, EVERY_HASHED_FILE }

    private final IndexTransport transport;
    private final Map<String, String> env;
    private final ResolutionCache cache;

    /**
     * @param env where {@code PIP_INDEX_URL} is read, for files that name no index
     * @param cache where answers are kept, or null to ask the index every time
     */
    public PipResolver(IndexTransport transport, Map<String, String> env, ResolutionCache cache) {
        this.transport = transport;
        this.env = Map.copyOf(env);
        this.cache = cache;
    }

    /**
     * The files Hermeto would prefetch for a pip input of a Konflux PipelineRun or
     * {@code --prefetch-input}: its requirements files (Hermeto's defaults when it names none)
     * resolved by {@link #resolve(List, BinaryFilter)}.
     *
     * @param sourceRoot the directory the input's {@code path} is relative to (the checkout)
     * @throws dev.lazybuild.vfs.lockfile.LockfileException for a file or requirement Hermeto refuses, naming file and line
     * @throws FetchException when the index cannot be read
     */
    public Resolution resolve(Path sourceRoot, PipInput input) {
        List<RequirementsFile> files = input.files(sourceRoot).stream().map(RequirementsFile::read).toList();
        return resolve(files, input.binary());
    }

    /**
     * Hermeto's rules: with no {@code binary} filter sdists only; with one, its strategy
     * ({@code packages = :all:}: matching wheels plus an sdist; named packages: only wheels for them).
     */
    public Resolution resolve(List<RequirementsFile> files, BinaryFilter binary) {
        return resolve(files, binary, Selection.HERMETO);
    }

    /**
     * A requirements file used as a lockfile: every file of the index whose hash the requirements
     * file lists, whatever its type or platform (listing costs nothing when only opened files are
     * downloaded). The file must be hash-locked.
     */
    public Resolution resolveHashed(List<RequirementsFile> files) {
        for (RequirementsFile file : files) {
            if (!file.requirements().isEmpty() && !file.hashed()) {
                throw LockfileException.at(file.path(), null, "no requirement has a --hash: lazybuild reads a requirements "
                        + "file as a lockfile only when it is hash-locked (pip-compile --generate-hashes, uv export); "
                        + "to prefetch it by Hermeto's rules instead, name it in a pip input (--prefetch-input)");
            }
        }
        return resolve(files, null, Selection.EVERY_HASHED_FILE);
    }

    private Resolution resolve(List<RequirementsFile> files, BinaryFilter binary, Selection selection) {
        List<String> notices = new ArrayList<>();
        Map<URI, URI> pagesWanted = new LinkedHashMap<>();
        Map<RequirementsFile, URI> indexes = new LinkedHashMap<>();
        for (RequirementsFile file : files) {
            file.validate();
            notices.addAll(file.warnings());
            if (file.requirements().stream().anyMatch(r -> r.kind() == Requirement.Kind.PYPI)) {
                URI index = file.indexUrl(env);
                indexes.put(file, index);
                file.requirements().stream().filter(r -> r.kind() == Requirement.Kind.PYPI)
                        .forEach(r -> pagesWanted.putIfAbsent(projectUrl(index, r.name()), index));
            }
        }
        String key = cacheKey(files, indexes, binary, selection);
        if (cache != null) {
            var cached = cache.get(key);
            if (cached.isPresent()) {
                return cached.get();
            }
        }
        Resolution resolution = resolve(files, indexes, fetchPages(pagesWanted.keySet()), binary, selection, notices);
        if (cache != null) {
            cache.put(key, resolution);
        }
        return resolution;
    }

    /** Everything the answer depends on: each file's content and index, the selection and the binary options. */
    private static String cacheKey(List<RequirementsFile> files, Map<RequirementsFile, URI> indexes, BinaryFilter binary,
                                   Selection selection) {
        StringBuilder key = new StringBuilder("pip-resolution 1\n").append(selection).append('\n')
                .append(binary == null ? "no binary" : binary.key()).append('\n');
        for (RequirementsFile f : files) {
            key.append(f.path().getFileName()).append(' ').append(f.sha256()).append(' ')
                    .append(indexes.getOrDefault(f, RequirementsFile.PYPI)).append('\n');
        }
        return HexFormat.of().formatHex(Digest.Algorithm.SHA256.newHasher()
                .digest(key.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private Resolution resolve(List<RequirementsFile> files, Map<RequirementsFile, URI> indexes, Map<URI, ProjectPage> pages,
                               BinaryFilter binary, Selection selection, List<String> notices) {
        Map<String, PipFile> byName = new LinkedHashMap<>();
        for (RequirementsFile file : files) {
            List<PipFile> chosen = new ArrayList<>();
            // Hermeto fetches URL and VCS requirements first, then the index ones.
            for (Requirement r : file.requirements()) {
                if (r.kind() == Requirement.Kind.VCS) {
                    throw LockfileException.at(file.path(), "line " + r.line(), "VCS requirements are not supported by "
                            + "lazybuild yet (Hermeto clones the repository; lazybuild serves files by URL): " + r.downloadLine()
                            + "; use <name> @ https://.../archive/<commit>.tar.gz --hash=sha256:... instead");
                }
                if (r.kind() == Requirement.Kind.URL) {
                    chosen.add(urlFile(file, r));
                }
            }
            for (Requirement r : file.requirements()) {
                if (r.kind() == Requirement.Kind.PYPI) {
                    ProjectPage page = pages.get(projectUrl(indexes.get(file), r.name()));
                    chosen.addAll(indexFiles(file, r, page, binary, selection, notices));
                }
            }
            for (PipFile f : chosen) {
                PipFile earlier = byName.putIfAbsent(f.fileName(), f);
                if (earlier != null && !earlier.digest().equals(f.digest())) {
                    throw LockfileException.at(file.path(), null, "two requirements give different files named " + f.fileName()
                            + " (" + earlier.origin() + ": " + earlier.digest() + "; " + f.origin() + ": " + f.digest() + ")");
                }
            }
        }
        return new Resolution(new ArrayList<>(byName.values()), notices);
    }

    private List<PipFile> indexFiles(RequirementsFile file, Requirement r, ProjectPage page, BinaryFilter binary,
                                     Selection selection, List<String> notices) {
        String name = r.name();
        String version = r.pinnedVersion();
        String origin = origin(file, r);
        List<IndexFile> sdists = new ArrayList<>();
        List<IndexFile> wheels = new ArrayList<>();
        java.util.regex.Pattern project = IndexFile.projectPattern(name);
        String wanted = Pep440.canonical(version);
        for (IndexFile f : page.files()) {
            IndexFile.Type type = f.type(project);
            if (type != null && Pep440.canonical(f.version(project)).equals(wanted)) {
                (type == IndexFile.Type.WHEEL ? wheels : sdists).add(f);
            }
        }
        boolean takeSdists;
        boolean takeWheels;
        if (selection == Selection.EVERY_HASHED_FILE) {
            takeSdists = true;
            takeWheels = true;
        } else {
            takeSdists = binary == null || !binary.onlyBinaryFor(name);
            takeWheels = binary != null && binary.binaryFor(name);
            if (takeWheels) {
                wheels.removeIf(w -> !binary.admits(w.fileName()));
            }
        }
        Set<String> required = new LinkedHashSet<>();
        r.hashes().forEach(h -> required.add(h.toLowerCase(Locale.ROOT)));
        List<IndexFile> keptSdists = takeSdists ? checksumCandidates(sdists, required) : List.of();
        List<IndexFile> keptWheels = takeWheels ? checksumCandidates(wheels, required) : List.of();

        List<IndexFile> selected = new ArrayList<>();
        if (selection == Selection.EVERY_HASHED_FILE) {
            selected.addAll(keptWheels);
            selected.addAll(keptSdists);
        } else if (takeWheels && !takeSdists) {
            if (keptWheels.isEmpty()) {
                throw rejected(file, r, "No wheels found for package " + name + "==" + version + " (please update the binary filters)");
            }
            selected.addAll(keptWheels);
        } else if (takeWheels && !keptWheels.isEmpty()) {
            // Hermeto's prefer-binary mode takes every matching wheel and, when there is one, an sdist too.
            selected.addAll(keptWheels);
            if (!keptSdists.isEmpty()) {
                selected.add(bestSdist(keptSdists));
            }
        } else {
            if (keptSdists.isEmpty()) {
                throw rejected(file, r, "No distributions found for package " + name + "==" + version
                        + " (please check that the package exists and that the name and version are correct)");
            }
            selected.add(bestSdist(keptSdists));
        }
        List<PipFile> out = new ArrayList<>();
        for (IndexFile f : selected) {
            PipFile pip = verified(f, required, origin, notices);
            if (pip != null) {
                out.add(pip);
            }
        }
        if (out.isEmpty() && selection == Selection.EVERY_HASHED_FILE) {
            throw rejected(file, r, "none of the files the index lists for " + name + "==" + version + " has one of the "
                    + required.size() + " hashes the requirements file gives");
        }
        return out;
    }

    /** Hermeto's {@code should_download}: a file is out when both sides give checksums and none agree. */
    private static List<IndexFile> checksumCandidates(List<IndexFile> files, Set<String> required) {
        List<IndexFile> out = new ArrayList<>();
        for (IndexFile f : files) {
            Set<String> offered = checksums(f);
            if (offered.isEmpty() || required.isEmpty() || offered.stream().anyMatch(required::contains)) {
                out.add(f);
            }
        }
        return out;
    }

    /**
     * The file with the digest it must have: the one the index and the requirements file agree
     * on; else the index's; else (the index gives none) the content's, downloaded here to check
     * it as Hermeto does, and dropped with a notice when it matches no hash of the requirement.
     */
    private PipFile verified(IndexFile f, Set<String> required, String origin, List<String> notices) {
        Set<String> offered = checksums(f);
        Set<String> agreed = new LinkedHashSet<>(offered);
        if (!required.isEmpty() && !offered.isEmpty()) {
            agreed.retainAll(required);
        }
        if (!agreed.isEmpty()) {
            Digest digest = strongest(agreed);
            if (digest == null) {
                throw new FetchException(f.url() + ": the index gives only " + agreed + " for " + f.fileName()
                        + ", which lazybuild cannot verify (it verifies sha256, sha384, sha512, sha1 and md5)");
            }
            return new PipFile(f.fileName(), f.url(), digest, f.size(), origin);
        }
        Set<Digest.Algorithm> algorithms = algorithmsOf(required);
        Map<Digest.Algorithm, String> content = contentDigests(f.url(), algorithms);
        if (required.isEmpty()) {
            notices.add(origin + ": neither the index nor the requirements file gives a hash of " + f.fileName()
                    + "; downloaded it to take its sha256 (unverified, as with Hermeto)");
            return new PipFile(f.fileName(), f.url(), Digest.sha256(content.get(Digest.Algorithm.SHA256)), f.size(), origin);
        }
        for (String hash : required) {
            Digest d = digestOf(hash);
            if (d != null && d.hex().equals(content.get(d.algorithm()))) {
                notices.add(origin + ": the index gives no hash of " + f.fileName() + "; downloaded it to check it against "
                        + "the requirements file, as Hermeto does");
                return new PipFile(f.fileName(), f.url(), d, f.size(), origin);
            }
        }
        notices.add(origin + ": the index gives no hash of " + f.fileName() + " and its content matches none of the "
                + "requirement's hashes; left out, as Hermeto leaves it out");
        return null;
    }

    private static Set<Digest.Algorithm> algorithmsOf(Set<String> hashes) {
        Set<Digest.Algorithm> out = new HashSet<>();
        out.add(Digest.Algorithm.SHA256);
        for (String h : hashes) {
            Digest d = digestOf(h);
            if (d != null) {
                out.add(d.algorithm());
            }
        }
        return out;
    }

    private Map<Digest.Algorithm, String> contentDigests(URI url, Set<Digest.Algorithm> algorithms) {
        Map<Digest.Algorithm, MessageDigest> hashers = new LinkedHashMap<>();
        algorithms.forEach(a -> hashers.put(a, a.newHasher()));
        try {
            transport.download(url, new OutputStream() {
                @Override
                public void write(int b) {
                    hashers.values().forEach(h -> h.update((byte) b));
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    hashers.values().forEach(h -> h.update(b, off, len));
                }
            });
        } catch (IOException e) {
            throw new FetchException("cannot download " + url + " to check its hash: " + e.getMessage(), e);
        }
        Map<Digest.Algorithm, String> out = new LinkedHashMap<>();
        hashers.forEach((a, h) -> out.put(a, HexFormat.of().formatHex(h.digest())));
        return out;
    }

    /** A URL requirement: its one {@code --hash}, named as Hermeto names it in deps/pip/. */
    private static PipFile urlFile(RequirementsFile file, Requirement r) {
        Digest digest = digestOf(r.hashes().get(0));
        if (digest == null) {
            throw LockfileException.at(file.path(), "line " + r.line(), "cannot verify --hash=" + r.hashes().get(0)
                    + " (lazybuild verifies sha256, sha384, sha512, sha1 and md5)");
        }
        String url = r.url();
        int hash = url.indexOf('#');
        URI download;
        try {
            download = new URI(hash < 0 ? url : url.substring(0, hash));
        } catch (java.net.URISyntaxException e) {
            throw LockfileException.at(file.path(), "line " + r.line(), "not a valid URL '" + url + "': " + e.getReason());
        }
        String scheme = download.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw LockfileException.at(file.path(), "line " + r.line(), "URL '" + url + "' is not http(s); lazybuild downloads "
                    + "only http:// and https://");
        }
        return new PipFile(r.prefetchedFileName(), download, digest, -1, origin(file, r));
    }

    /** Hermeto's sdist preference: not yanked first, then .tar.gz, .zip, anything else; the first of equals. */
    private static IndexFile bestSdist(List<IndexFile> sdists) {
        Comparator<IndexFile> preference = Comparator.<IndexFile>comparingInt(s -> s.yanked() ? 0 : 1)
                .thenComparingInt(s -> s.fileName().endsWith(".tar.gz") ? 2 : s.fileName().endsWith(".zip") ? 1 : 0);
        IndexFile best = sdists.get(0);
        for (IndexFile s : sdists) {
            if (preference.compare(s, best) > 0) {
                best = s;
            }
        }
        return best;
    }

    private Map<URI, ProjectPage> fetchPages(Set<URI> urls) {
        Map<URI, ProjectPage> pages = new LinkedHashMap<>();
        if (urls.isEmpty()) {
            return pages;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL_PAGES, urls.size()));
        try {
            Map<URI, Future<ProjectPage>> pending = new LinkedHashMap<>();
            urls.forEach(u -> pending.put(u, pool.submit(() -> fetchPage(u))));
            for (Map.Entry<URI, Future<ProjectPage>> e : pending.entrySet()) {
                pages.put(e.getKey(), e.getValue().get());
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new FetchException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchException("interrupted while reading the index", e);
        } finally {
            pool.shutdownNow();
        }
        return pages;
    }

    private ProjectPage fetchPage(URI url) {
        IndexTransport.Response response;
        try {
            response = transport.get(url, ProjectPage.ACCEPT);
        } catch (IOException e) {
            throw new FetchException("PyPI query failed: " + url + ": " + e.getMessage(), e);
        }
        if (response.status() == 404) {
            throw new FetchException("PyPI query failed: the index has no project page " + url + " (404)");
        }
        if (response.status() == 401 || response.status() == 403) {
            throw new FetchException("PyPI query failed: " + url + " answered " + response.status()
                    + " (an index that needs credentials gets them from ~/.netrc, never from the URL)");
        }
        if (response.status() != 200) {
            throw new FetchException("PyPI query failed: " + url + " answered " + response.status());
        }
        try {
            return ProjectPage.parse(response.finalUrl(), response.contentType(), response.body());
        } catch (IllegalArgumentException e) {
            throw new FetchException("PyPI query failed: " + response.finalUrl() + ": " + e.getMessage(), e);
        }
    }

    /** pypi_simple's project URL: the index, a '/', the normalised name, a '/'. */
    static URI projectUrl(URI index, String canonicalName) {
        String base = index.toString();
        return URI.create((base.endsWith("/") ? base : base + "/") + canonicalName + "/");
    }

    private static Set<String> checksums(IndexFile f) {
        Set<String> out = new LinkedHashSet<>();
        f.digests().forEach((algorithm, hex) -> out.add(algorithm + ":" + hex));
        return out;
    }

    /** sha256 when there, else the strongest algorithm lazybuild verifies; null when none. */
    private static Digest strongest(Set<String> checksums) {
        Digest best = null;
        for (String c : checksums) {
            Digest d = digestOf(c);
            if (d != null && (best == null || d.algorithm() == Digest.Algorithm.SHA256
                    || (best.algorithm() != Digest.Algorithm.SHA256 && d.algorithm().ordinal() < best.algorithm().ordinal()))) {
                best = d;
            }
        }
        return best;
    }

    private static Digest digestOf(String algorithmColonHex) {
        int colon = algorithmColonHex.indexOf(':');
        Digest.Algorithm a = colon < 0 ? null : Digest.Algorithm.fromLabel(algorithmColonHex.substring(0, colon));
        if (a == null) {
            return null;
        }
        try {
            return new Digest(a, algorithmColonHex.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String origin(RequirementsFile file, Requirement r) {
        return file.path().getFileName() + ":" + r.line() + " (" + r.rawName()
                + (r.pinnedVersion() == null ? "" : "==" + r.pinnedVersion()) + ")";
    }

    private static LockfileException rejected(RequirementsFile file, Requirement r, String reason) {
        return LockfileException.at(file.path(), "line " + r.line(), reason);
    }
}
