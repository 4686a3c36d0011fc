package dev.lazybuild.fetch.team;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * A cache tier between the host store and the upstream, shared by a team (S3-compatible
 * object storage). It is untrusted: whatever it returns is verified against the lockfile's
 * digest before use, so a bad tier can slow a build but never change it.
 */
public interface Tier extends AutoCloseable {

    /** Writes the object {@code key} to {@code out}; false when the tier has no such object. */
    boolean get(String key, OutputStream out) throws IOException;

    /** The length of the object {@code key} (a HEAD), without its content; empty when absent. */
    OptionalLong size(String key) throws IOException;

    /** Stores {@code file} as {@code key}. */
    void put(String key, Path file) throws IOException;

    /** For messages: the endpoint and bucket, never credentials. */
    String describe();

    @Override
    default void close() { }
}
