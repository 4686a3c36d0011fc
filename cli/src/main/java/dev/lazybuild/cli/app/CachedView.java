package dev.lazybuild.cli.app;

import dev.lazybuild.fetch.PrerequisiteException;
import dev.lazybuild.fetch.store.GarbageCollector;
import dev.lazybuild.vfs.fuse.ContentOpener;
import dev.lazybuild.vfs.overlay.CachedLayer;
import dev.lazybuild.vfs.overlay.LinkedOpens;
import dev.lazybuild.vfs.overlay.OverlayMount;
import dev.lazybuild.vfs.tree.HermetoLayout;
import dev.lazybuild.vfs.tree.Tree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * What a build sees of its tree when files are already cached: a read-only overlay of the
 * {@link CachedLayer} (hard links to the verified objects, under the cache root) over the FUSE
 * tree, mounted beside the FUSE mount point, with {@link LinkedOpens} hearing the opens that no
 * longer reach FUSE. When it cannot be had (not root, nothing cached, the kernel refuses FUSE as
 * a lower layer, no inotify), the build sees the FUSE tree alone, as before: slower, never wrong.
 *
 * <p>Order: the links are made under the build's lease (taken before), the watch starts before
 * the overlay is handed to podman, and on close the watch is drained before the overlay goes;
 * the links are removed after the unmount, and a killed build's links go with its lease
 * ({@link dev.lazybuild.fetch.store.Leases#sweepStaleLinkLayers}).
 */
final class CachedView implements AutoCloseable {
    private static final CachedView NONE = new CachedView(null, null, null, Optional.empty());

    private final CachedLayer layer;
    private final OverlayMount overlay;
    private final LinkedOpens opens;
    private final Optional<String> notice;

    private CachedView(CachedLayer layer, OverlayMount overlay, LinkedOpens opens, Optional<String> notice) {
        this.layer = layer;
        this.overlay = overlay;
        this.opens = opens;
        this.notice = notice;
    }

    /**
     * @param fuseMountPoint the FUSE mount of {@code tree}; the view is mounted beside it
     * @param linkLayer where the links go (the lease's, on the store's file system); made here
     * @param opener FUSE's opener, told of each open of a linked file too
     * @param canOverlay whether this process may mount overlays (root, or root of a user namespace)
     */
    static CachedView open(Tree tree, Path fuseMountPoint, Path linkLayer, CachedLayer.VerifiedObjects objects,
            ContentOpener opener, boolean canOverlay) {
        if (!canOverlay) {
            return NONE;
        }
        CachedLayer layer;
        try {
            layer = CachedLayer.link(tree, linkLayer, objects);
        } catch (IOException e) {
            removeQuietly(linkLayer);
            return fallback("cannot make " + linkLayer + ": " + e.getMessage());
        }
        if (layer.linked().isEmpty()) {
            removeQuietly(linkLayer);
            return layer.unlinkable().map(CachedView::fallback).orElse(NONE);
        }
        LinkedOpens opens = null;
        try {
            opens = LinkedOpens.start(layer, file -> opener.open(file));
            Path view = Files.createDirectory(RuntimeDir.viewBeside(fuseMountPoint));
            OverlayMount overlay = layer.mountOver(fuseMountPoint, view);
            CachedView cached = new CachedView(layer, overlay, opens, Optional.empty());
            try {
                opens.watch(view, "");
            } catch (PrerequisiteException e) {
                cached.close();
                throw e;
            }
            return cached;
        } catch (PrerequisiteException | IOException e) {
            if (opens != null) {
                opens.close();
            }
            removeQuietly(linkLayer);
            return fallback(e.getMessage());
        }
    }

    private static CachedView fallback(String why) {
        return new CachedView(null, null, null, Optional.of("cached files are read through FUSE: " + why));
    }

    /** Where the build sees the tree, when the view is mounted. */
    Optional<Path> mountPoint() {
        return overlay == null ? Optional.empty() : Optional.of(overlay.target());
    }

    /** Why the view could not be had, if it was wanted. */
    Optional<String> notice() {
        return notice;
    }

    /** The linked files under {@code directory} of the tree, relative to it (they show the objects' mode, 0444). */
    Set<String> linkedUnder(String directory) {
        return layer == null ? Set.of() : layer.linkedUnder(directory);
    }

    /** Hears opens through a writable mount of the tree's {@code output/} made over this view (Konflux's). */
    void watchOutput(Path output) {
        if (opens != null) {
            opens.watch(output, HermetoLayout.OUTPUT);
        }
    }

    /** Once the build's processes have exited: every open of a linked file has been counted. */
    void heardEveryOpen() {
        if (opens != null) {
            opens.drain();
        }
    }

    /** Stops hearing opens and unmounts the view (the FUSE tree under it is the caller's). */
    @Override
    public void close() {
        if (opens != null) {
            opens.close();
        }
        if (overlay != null) {
            overlay.close();
        }
    }

    /** Removes the links, once the view is unmounted. */
    void removeLinks() {
        if (layer != null) {
            removeQuietly(layer.dir());
        }
    }

    private static void removeQuietly(Path dir) {
        try {
            GarbageCollector.deleteTree(dir);
        } catch (IOException e) {
            // the next build's sweep, or 'cache gc', removes it with the lease
        }
    }
}
