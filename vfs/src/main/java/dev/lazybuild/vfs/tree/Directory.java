package dev.lazybuild.vfs.tree;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/** A directory of the tree; its children are fixed once the tree is built. */
public final class Directory implements Node {
    private final String name;
    private final SortedMap<String, Node> children;

    Directory(String name, SortedMap<String, Node> children) {
        this.name = name;
        this.children = Collections.unmodifiableSortedMap(new TreeMap<>(children));
    }

    @Override
    public String name() {
        return name;
    }

    public Node child(String childName) {
        return children.get(childName);
    }

    /** Children in name order, the order readdir() lists them in. */
    public List<Node> children() {
        return List.copyOf(children.values());
    }
}
