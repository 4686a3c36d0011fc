package dev.lazybuild.vfs.tree;

/** A directory or a file of the immutable tree. */
public sealed interface Node permits Directory, FileNode {
    String name();
}
