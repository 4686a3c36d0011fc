package dev.lazybuild.cli.app;

import dev.lazybuild.fetch.Digest;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What names builds of one Containerfile the same way on every machine, for records shared
 * through the team cache: the repository's remote URL (normalised, credentials never kept),
 * the Containerfile's path relative to the repository root, and the lockfiles' sha256. Never a
 * host path: two CI runners check the same repository out in different directories. A build
 * outside a git checkout, or one whose checkout has no remote, has no identity (its record
 * stays on the host).
 */
final class BuildIdentity {
    /** A .git/config is a few kilobytes; a larger one is not read. */
    private static final long MAX_CONFIG_BYTES = 1 << 20;

    private BuildIdentity() { }

    /** The identity's sha256 in hex, or empty when the build has none. */
    static Optional<String> of(Path containerfile, List<Path> lockfiles) {
        try {
            Optional<Path> checkout = checkoutOf(containerfile.toAbsolutePath().normalize().getParent());
            if (checkout.isEmpty()) {
                return Optional.empty();
            }
            Optional<String> remote = remoteUrl(checkout.get()).flatMap(BuildIdentity::normalised);
            Path root = checkout.get().toRealPath();
            Path file = containerfile.toRealPath();
            if (remote.isEmpty() || !file.startsWith(root)) {
                return Optional.empty();
            }
            List<String> digests = new ArrayList<>();
            for (Path lockfile : lockfiles) {
                digests.add(Digest.of(Digest.Algorithm.SHA256, Files.readAllBytes(lockfile)).hex());
            }
            digests.sort(null);
            String identity = "lazybuild build identity 1\n" + remote.get() + "\n" + root.relativize(file) + "\n"
                    + String.join("\n", digests);
            return Optional.of(Digest.of(Digest.Algorithm.SHA256, identity.getBytes(StandardCharsets.UTF_8)).hex());
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // an identity only names a hint: without it, nothing is shared
        }
    }

    /** The nearest directory holding {@code .git}, from {@code dir} up. */
    private static Optional<Path> checkoutOf(Path dir) {
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.exists(d.resolve(".git"))) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /**
     * The URL of remote "origin", else of the first remote, from the checkout's git config (a
     * worktree's {@code .git} file points at its git directory, whose {@code commondir} holds
     * the config).
     */
    static Optional<String> remoteUrl(Path checkout) throws IOException {
        Path git = checkout.resolve(".git");
        Path gitDir = git;
        if (Files.isRegularFile(git)) {
            String line = Files.readString(git, StandardCharsets.UTF_8).strip();
            if (!line.startsWith("gitdir:")) {
                return Optional.empty();
            }
            gitDir = checkout.resolve(line.substring("gitdir:".length()).strip()).normalize();
            Path common = gitDir.resolve("commondir");
            if (Files.isRegularFile(common)) {
                gitDir = gitDir.resolve(Files.readString(common, StandardCharsets.UTF_8).strip()).normalize();
            }
        }
        Path config = gitDir.resolve("config");
        if (!Files.isRegularFile(config) || Files.size(config) > MAX_CONFIG_BYTES) {
            return Optional.empty();
        }
        String section = null;
        String first = null;
        for (String raw : Files.readAllLines(config, StandardCharsets.UTF_8)) {
            String line = raw.strip();
            if (line.startsWith("[")) {
                section = line;
            } else if (section != null && section.startsWith("[remote ") && line.startsWith("url")) {
                String[] kv = line.split("=", 2);
                if (kv.length == 2 && kv[0].strip().equals("url")) {
                    String url = kv[1].strip();
                    if (section.equals("[remote \"origin\"]")) {
                        return Optional.of(url);
                    }
                    first = first == null ? url : first;
                }
            }
        }
        return Optional.ofNullable(first);
    }

    /**
     * {@code host/path}, the same for every way of writing one repository's URL: no scheme,
     * user or password, port, trailing slash or {@code .git}; the host in lower case. scp-like
     * {@code git@host:org/repo.git} counts as {@code host/org/repo}.
     */
    static Optional<String> normalised(String url) {
        String host;
        String path;
        if (!url.contains("://")) {
            int colon = url.indexOf(':');
            if (colon < 1) {
                return Optional.empty();
            }
            String userHost = url.substring(0, colon);
            host = userHost.substring(userHost.lastIndexOf('@') + 1);
            path = url.substring(colon + 1);
        } else {
            try {
                URI uri = new URI(url);
                host = uri.getHost();
                path = uri.getPath();
            } catch (URISyntaxException e) {
                return Optional.empty();
            }
        }
        if (host == null || host.isEmpty() || path == null) {
            return Optional.empty();
        }
        path = path.replaceAll("^/+", "").replaceAll("/+$", "");
        if (path.endsWith(".git")) {
            path = path.substring(0, path.length() - 4);
        }
        return path.isEmpty() ? Optional.empty() : Optional.of(host.toLowerCase(Locale.ROOT) + "/" + path);
    }
}
