package dev.lazybuild.vfs.overlay;

import dev.lazybuild.fetch.PrerequisiteException;
import dev.lazybuild.vfs.fuse.MountTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A kernel overlayfs mount, for the two places a Konflux build sees a changed copy of
 * something lazybuild must not change:
 * <ul>
 * <li>a writable {@code /cachi2/output}: lower the read-only FUSE tree, upper a per-build
 *     directory. Every RUN step sees one mount, so what one step writes the next sees, as with
 *     Konflux's copy of the output; podman's {@code :O} volume option gives each RUN its own
 *     overlay instead, and konflux-build-cli notes it fails for rootless buildah.</li>
 * <li>a read-only build context: the directory of rewritten files (inject-files) over the
 *     user's checkout, which is never written. Measured on notebooks' checkout (169 MB without
 *     submodules): the mount takes 43 ms, a copy of the context 1.1 s, more with submodules.</li>
 * </ul>
 * Mounting overlayfs needs CAP_SYS_ADMIN (root, or a user namespace of one's own).
 */
public final class OverlayMount implements AutoCloseable {
    private final Path target;
    private boolean closed;

    private OverlayMount(Path target) {
        this.target = target;
    }

    /** A writable overlay: writes go to {@code upper} ({@code work} is overlayfs' scratch directory, on the same file system). */
    public static OverlayMount writable(Path lower, Path upper, Path work, Path target) {
        return writable(lower, upper, work, target, false);
    }

    /**
     * As {@link #writable(Path, Path, Path, Path)}; with {@code metadataOnlyCopyUp} (overlayfs'
     * metacopy), a chmod copies up the file's attributes only, and its data is still read from
     * the lower layer until something writes it.
     */
    public static OverlayMount writable(Path lower, Path upper, Path work, Path target, boolean metadataOnlyCopyUp) {
        List<String> options = new ArrayList<>(List.of("lowerdir=" + escaped(lower), "upperdir=" + escaped(upper),
                "workdir=" + escaped(work)));
        if (metadataOnlyCopyUp) {
            options.add("metacopy=on");
        }
        return mount(options, target);
    }

    /** A read-only overlay of {@code layers}, the first on top. */
    public static OverlayMount readOnly(List<Path> layers, Path target) {
        if (layers.size() < 2) {
            throw new IllegalArgumentException("a read-only overlay needs two layers or more");
        }
        List<String> escaped = new ArrayList<>();
        layers.forEach(l -> escaped.add(escaped(l)));
        return mount(List.of("ro", "lowerdir=" + String.join(":", escaped)), target);
    }

    public Path target() {
        return target;
    }

    private static OverlayMount mount(List<String> options, Path target) {
        List<String> cmd = List.of("mount", "-t", "overlay", "overlay", "-o", String.join(",", options),
                target.toAbsolutePath().toString());
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new PrerequisiteException("cannot mount an overlay at " + target + ": " + output
                        + " (overlayfs needs root or CAP_SYS_ADMIN in a user namespace)");
            }
        } catch (IOException e) {
            throw new PrerequisiteException("cannot run mount(8) for an overlay at " + target + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PrerequisiteException("interrupted while mounting an overlay at " + target);
        }
        return new OverlayMount(target.toAbsolutePath());
    }

    /**
     * overlayfs splits its options at ',' and lowerdir at ':'; a backslash escapes either. A
     * path with a newline cannot be given at all.
     */
    static String escaped(Path path) {
        String s = path.toAbsolutePath().toString();
        if (s.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("an overlay layer path cannot contain a newline: " + s);
        }
        return s.replace("\\", "\\\\").replace(":", "\\:").replace(",", "\\,");
    }

    /** Unmounts; the caller removes the upper directory afterwards. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (MountTable.isMounted(target)) {
            MountTable.forceUnmount(target);
        }
    }
}
