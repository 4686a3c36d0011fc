package dev.lazybuild.cli.app;

import dev.lazybuild.cli.podman.KeyedContainerfile;
import dev.lazybuild.cli.podman.PodmanArguments;
import dev.lazybuild.fetch.BaseDirectories;
import dev.lazybuild.fetch.Digest;
import dev.lazybuild.fetch.RemoteFile;
import dev.lazybuild.fetch.team.TeamTier;
import dev.lazybuild.vfs.tree.Tree;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The paths the last successful build of a Containerfile opened, for the next build's
 * {@link FetchAhead}: kept on the host under the state directory (keyed by the context and
 * Containerfile as given, so a lockfile change keeps it), and shared through the team cache
 * under {@code fetch-ahead/<build identity>} (see {@link BuildIdentity}: no host path), so a
 * fresh CI runner's first build fetches ahead too. The host's record wins; the team's is read
 * only when the host has none.
 *
 * <p>A record is a hint, and the team's comes from anyone who can write the bucket: it is read
 * bounded ({@link #MAX_BYTES}), as UTF-8 lines, and {@link FetchAhead} keeps only the paths of
 * files the tree holds.
 */
public final class OpenedRecord {
    /** 4 MiB holds the paths of ~40,000 files, more than the largest real lockfiles lock. */
    static final int MAX_BYTES = 4 << 20;
    private static final String TEAM_PREFIX = "fetch-ahead/";

    private final Path hostFile;
    private final Optional<String> identity;

    OpenedRecord(Path hostFile, Optional<String> identity) {
        this.hostFile = hostFile;
        this.identity = identity;
    }

    /** The record of this context and Containerfile, shared as the build's identity when it has one. */
    public static OpenedRecord of(Map<String, String> env, PodmanArguments podman, LockedInputs inputs) {
        String local = podman.context().toAbsolutePath().normalize() + "\0" + String.join("\0", podman.containerfiles());
        Digest key = Digest.of(Digest.Algorithm.SHA256, local.getBytes(StandardCharsets.UTF_8));
        Path hostFile = stateDir(env).resolve("opened").resolve(key.hex() + ".txt");
        return new OpenedRecord(hostFile, KeyedContainerfile.locate(podman)
                .flatMap(containerfile -> BuildIdentity.of(containerfile, inputs.lockfiles())));
    }

    /** {@code LAZYBUILD_STATE_DIR}, else {@code $XDG_STATE_HOME/lazybuild}, else {@code ~/.local/state/lazybuild}. */
    static Path stateDir(Map<String, String> env) {
        return BaseDirectories.of(env, "LAZYBUILD_STATE_DIR", "XDG_STATE_HOME", ".local/state");
    }

    /** The team cache's key of this record, when the build has an identity. */
    Optional<String> teamKey() {
        return identity.map(id -> TEAM_PREFIX + id + ".txt");
    }

    /**
     * The recorded paths: the host's, else the team's (when {@code team} is not null); none when
     * neither has a usable record.
     */
    List<String> read(TeamTier team) {
        Optional<byte[]> bytes = readHost();
        if (bytes.isEmpty() && team != null && teamKey().isPresent()) {
            bytes = team.getSmall(teamKey().get(), MAX_BYTES);
        }
        return bytes.map(OpenedRecord::paths).orElse(List.of());
    }

    private Optional<byte[]> readHost() {
        try (InputStream in = Files.newInputStream(hostFile)) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            return bytes.length > MAX_BYTES ? Optional.empty() : Optional.of(bytes);
        } catch (IOException e) {
            return Optional.empty(); // no record yet, or unreadable: the build is lazy as usual
        }
    }

    /** The non-empty lines of a record, without control characters (a path never has them). */
    static List<String> paths(byte[] record) {
        List<String> out = new ArrayList<>();
        for (String line : new String(record, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isEmpty() && line.chars().noneMatch(Character::isISOControl)) {
                out.add(line);
            }
        }
        return out;
    }

    /**
     * Records the paths of {@code tree} whose content the build opened, on the host and (unless
     * it is read-only) in the team cache; nothing when it opened none.
     */
    void write(Tree tree, Set<Digest> opened, TeamTier team) {
        if (opened.isEmpty()) {
            return;
        }
        StringBuilder paths = new StringBuilder();
        tree.forEachFile((path, node) -> {
            RemoteFile remote = node.remote();
            if (remote != null && opened.contains(remote.digest())) {
                paths.append(path).append('\n');
            }
        });
        byte[] bytes = paths.toString().getBytes(StandardCharsets.UTF_8);
        try {
            Files.createDirectories(hostFile.getParent());
            Path tmp = hostFile.resolveSibling(hostFile.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            Files.write(tmp, bytes);
            Files.move(tmp, hostFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // A hint only: the next build is lazy as usual.
        }
        if (team != null && teamKey().isPresent() && bytes.length <= MAX_BYTES) {
            team.putBytesLater(teamKey().get(), bytes);
        }
    }
}
