package dev.lazybuild.vfs.tree;

import dev.lazybuild.fetch.RemoteFile;
import dev.lazybuild.vfs.lockfile.LockedFile;
import dev.lazybuild.vfs.lockfile.LockfileException;
import dev.lazybuild.vfs.lockfile.Names;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * The file tree a build sees, built once and then immutable, so the FUSE threads read it
 * without locks. Paths are relative to the mount root and use '/'.
 */
public final class Tree {
    private final Directory root;
    private final int fileCount;

    private Tree(Directory root, int fileCount) {
        this.root = root;
        this.fileCount = fileCount;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Directory root() {
        return root;
    }

    public int fileCount() {
        return fileCount;
    }

    /**
     * The node at {@code path} ("/" or "" is the root), or null, as the build's lookup sees it:
     * a lazy directory on the way, at the end, or among the children of the directory at the
     * end is filled first (blocking; its failure is thrown).
     */
    public Node lookup(String path) {
        Node node = walkTo(path, true);
        if (node instanceof Directory dir) {
            dir.fillForLookup();
        }
        return node;
    }

    /**
     * The regular file at {@code path}, or null, never filling a lazy directory: for callers that
     * are not the build (a fetch-ahead record, a report), which must not make repodata.
     */
    public FileNode file(String path) {
        return walkTo(path, false) instanceof FileNode f ? f : null;
    }

    private Node walkTo(String path, boolean fill) {
        Node node = root;
        for (String segment : path.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            if (!(node instanceof Directory dir) || !fill && !dir.ready()) {
                return null;
            }
            node = dir.child(segment);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    /** Every regular file with its path, in path order; lazy directories not filled yet are left out, not filled. */
    public void forEachFile(BiConsumer<String, FileNode> action) {
        walk("", root, action);
    }

    private static void walk(String prefix, Directory dir, BiConsumer<String, FileNode> action) {
        for (Node child : dir.children()) {
            String path = prefix.isEmpty() ? child.name() : prefix + "/" + child.name();
            if (child instanceof Directory d) {
                if (d.ready()) {
                    walk(path, d, action);
                }
            } else {
                action.accept(path, (FileNode) child);
            }
        }
    }

    /**
     * Collects files, refusing unsafe names and conflicting claims on one path. Not
     * thread-safe; {@link #build()} freezes the result.
     */
    public static final class Builder {
        private final Map<String, FileNode> files = new LinkedHashMap<>();
        private final List<String> directories = new ArrayList<>();
        private final Map<String, Directory> lazyDirectories = new LinkedHashMap<>();
        private boolean listingOnly;

        private Builder() { }

        /**
         * Lets files whose size is not known yet (npm, generic) in, with size -1: for a tree
         * that is only listed ({@code lazybuild plan}) and never mounted, since stat() must
         * answer a size.
         */
        public Builder listingOnly() {
            this.listingOnly = true;
            return this;
        }

        /**
         * Adds a lockfile's file. The same path from two lockfiles is one file when the
         * digests agree and an error naming both entries when they do not.
         */
        public Builder add(LockedFile locked) {
            RemoteFile remote = locked.remote();
            if (!remote.sizeKnown() && !listingOnly) {
                throw new IllegalArgumentException("size of " + locked.path() + " must be resolved before the tree is built");
            }
            String path = Names.checkedPath(locked.path(), locked.origin());
            FileNode existing = files.get(path);
            if (existing != null) {
                RemoteFile other = existing.remote();
                if (other != null && other.digest().equals(remote.digest())) {
                    return this;
                }
                throw new LockfileException(locked.origin() + ": " + path + " is also claimed by "
                        + existing.origin() + " with different content; remove one of the two entries");
            }
            files.put(path, new FileNode(baseName(path), remote.size(), new FileNode.Remote(remote, locked.ecosystem()), locked.origin()));
            return this;
        }

        /** Adds a small file lazybuild generates. */
        public Builder addGenerated(String path, String text, String origin) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            return put(path, new FileNode(baseName(path), bytes.length, new FileNode.Inline(bytes), origin));
        }

        /** Adds a file already on local disk whose size is known. */
        public Builder addLocal(String path, Path file, long size, String origin) {
            return put(path, new FileNode(baseName(path), size, new FileNode.Local(file), origin));
        }

        /**
         * Adds a directory whose files are made on first use (see {@link Directory}): its
         * files are regular files on local disk, {@code origin} says what they are.
         */
        public Builder addLazyDirectory(String path, String origin, Directory.Fill fill) {
            String checked = Names.checkedPath(path, origin);
            if (files.containsKey(checked) || lazyDirectories.containsKey(checked)) {
                throw new LockfileException(origin + ": " + checked + " is also claimed by "
                        + (files.containsKey(checked) ? files.get(checked).origin() : "another lazy directory"));
            }
            lazyDirectories.put(checked, new Directory(baseName(checked), fill, origin));
            return this;
        }

        /** Makes sure a directory exists even when nothing is in it (an empty deps/pip). */
        Builder addDirectory(String path) {
            directories.add(Names.checkedPath(path, "lazybuild"));
            return this;
        }

        private Builder put(String path, FileNode node) {
            String checked = Names.checkedPath(path, node.origin());
            if (files.putIfAbsent(checked, node) != null) {
                throw new LockfileException(node.origin() + ": " + checked + " is also claimed by "
                        + files.get(checked).origin());
            }
            return this;
        }

        public Tree build() {
            Mutable root = new Mutable();
            for (String dir : directories) {
                root.directory(dir.split("/"), dir.split("/").length, "lazybuild");
            }
            files.forEach((path, node) -> {
                String[] segments = path.split("/");
                Mutable parent = root.directory(segments, segments.length - 1, node.origin());
                if (parent.dirs.containsKey(node.name())) {
                    throw new LockfileException(node.origin() + ": " + path + " is also a directory");
                }
                parent.files.put(node.name(), node);
            });
            lazyDirectories.forEach((path, lazy) -> {
                String[] segments = path.split("/");
                Mutable parent = root.directory(segments, segments.length - 1, "lazybuild");
                if (parent.dirs.containsKey(lazy.name()) || parent.files.containsKey(lazy.name())) {
                    throw new LockfileException("lazybuild: " + path + " is generated, but a lockfile claims it too");
                }
                parent.lazy.put(lazy.name(), lazy);
            });
            return new Tree(root.freeze(""), files.size());
        }

        private static String baseName(String path) {
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    /** The tree while it is being assembled. */
    private static final class Mutable {
        final Map<String, Mutable> dirs = new TreeMap<>();
        final Map<String, FileNode> files = new TreeMap<>();
        final Map<String, Directory> lazy = new TreeMap<>();

        Mutable directory(String[] segments, int count, String origin) {
            Mutable d = this;
            for (int i = 0; i < count; i++) {
                if (d.files.containsKey(segments[i]) || d.lazy.containsKey(segments[i])) {
                    throw new LockfileException(origin + ": " + String.join("/", segments)
                            + " needs " + segments[i] + " to be a directory, but it is a file");
                }
                d = d.dirs.computeIfAbsent(segments[i], k -> new Mutable());
            }
            return d;
        }

        Directory freeze(String name) {
            TreeMap<String, Node> children = new TreeMap<>(files);
            children.putAll(lazy);
            dirs.forEach((n, d) -> children.put(n, d.freeze(n)));
            return new Directory(name, children);
        }
    }
}
