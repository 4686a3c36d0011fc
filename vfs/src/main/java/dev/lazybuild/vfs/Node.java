package dev.lazybuild.vfs;

/** A directory or a file of the immutable tree. */
public sealed interface Node permits Directory, FileNode {
    String name();
}
