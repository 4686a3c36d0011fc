package dev.lazybuild.vfs.pip;

import dev.lazybuild.fetch.Digest;
import java.net.URI;

/**
 * One file of Hermeto's {@code deps/pip/} that a pip input yields.
 *
 * @param fileName its name in {@code deps/pip/}, as Hermeto names it
 * @param size its length from the index (PEP 700), or -1 when unknown (looked up later)
 * @param origin the requirements file, line and requirement that asked for it, for messages
 */
public record PipFile(String fileName, URI url, Digest digest, long size, String origin) {
}
