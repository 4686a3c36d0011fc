package dev.lazybuild.vfs.lockfile;

/**
 * The Hermeto package manager a locked file belongs to. Set by the reader that made the
 * file, so no one has to guess it again from the path; it also names the file's directory
 * under Hermeto's output ({@code deps/pip/}, ...).
 */
public enum Ecosystem {
    PIP("pip"),
    NPM("npm"),
    GENERIC("generic"),
    RPM("rpm"),
    ;

    private final String label;

    Ecosystem(String label) {
        this.label = label;
    }

    /** The name Hermeto gives it, as in {@code deps/<label>/} and in lazybuild's plan output. */
    public String label() {
        return label;
    }

    /** {@code deps/<label>/}: where Hermeto's output keeps this ecosystem's files, relative to {@code output/}. */
    String directory() {
        return "deps/" + label + "/";
    }

    @Override
    public String toString() {
        return label;
    }
}
