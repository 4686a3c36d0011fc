package dev.lazybuild.vfs.tree;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A directory of the tree. Its children are fixed once the tree is built, or, for a lazy
 * directory, once it is first used: RPM repodata is made when a build first looks into a
 * repository, not before podman starts, so a build that never runs dnf (its layers come from
 * podman's cache) makes none. A lazy directory fills itself once, on the first thread that asks;
 * every other thread asking meanwhile waits for it. A fill that failed fails every later use the
 * same way (the build sees EIO), so one broken repository is not tried again on every lookup.
 */
public final class Directory implements Node {

    /** Makes a lazy directory's content: its regular files, by name, already on local disk. */
    @FunctionalInterface
    public interface Fill {
        Map<String, Path> files();
    }

    private final String name;
    private final Fill fill;
    private final String origin;
    private final List<Directory> lazyChildren;
    private volatile SortedMap<String, Node> children;
    private RuntimeException failure;

    Directory(String name, SortedMap<String, Node> children) {
        this.name = name;
        this.fill = null;
        this.origin = null;
        this.children = Collections.unmodifiableSortedMap(new TreeMap<>(children));
        this.lazyChildren = children.values().stream().filter(c -> c instanceof Directory d && !d.ready())
                .map(Directory.class::cast).toList();
    }

    /** A lazy directory: {@code fill} runs on first use; {@code origin} names what its files come from. */
    Directory(String name, Fill fill, String origin) {
        this.name = name;
        this.fill = fill;
        this.origin = origin;
        this.lazyChildren = List.of();
    }

    @Override
    public String name() {
        return name;
    }

    /** The child of that name, or null; fills a lazy directory first (blocking until it is ready). */
    public Node child(String childName) {
        return filled().get(childName);
    }

    /** Children in name order, the order readdir() lists them in; fills a lazy directory first. */
    public List<Node> children() {
        return List.copyOf(filled().values());
    }

    /** Whether the children are known without a fill: always for a fixed directory. */
    public boolean ready() {
        return children != null;
    }

    /**
     * Fills this directory, when lazy, and the lazy directories among its children, as a lookup
     * of it does: the repository directory holding {@code repodata/} is where dnf starts.
     */
    void fillForLookup() {
        filled();
        for (Directory lazy : lazyChildren) {
            lazy.filled();
        }
    }

    private SortedMap<String, Node> filled() {
        SortedMap<String, Node> known = children;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (children != null) {
                return children;
            }
            if (failure != null) {
                throw failure;
            }
            try {
                SortedMap<String, Node> made = new TreeMap<>();
                for (Map.Entry<String, Path> f : fill.files().entrySet()) {
                    made.put(f.getKey(), new FileNode(f.getKey(), Files.size(f.getValue()), new FileNode.Local(f.getValue()),
                            origin));
                }
                children = Collections.unmodifiableSortedMap(made);
                return children;
            } catch (IOException e) {
                failure = new UncheckedIOException("cannot read " + origin + ": " + e.getMessage(), e);
                throw failure;
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
    }
}
