package dev.lazybuild.fetch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One place the host store asks for content it does not have, in the order the chain was
 * built (the team tier, then the upstream after mirrors), as Bazel's DiskAndRemoteCacheClient
 * puts a remote cache behind the disk cache. Each source is its own type and counts what it
 * did; none pretends to be another kind of thing. Whatever a source delivers, the store
 * verifies against the lockfile's digest before anyone sees it, so no source can poison a build.
 */
public interface Source {

    /** The name its counters carry in {@code cache stats}: {@code team}, {@code upstream}. */
    String name();

    /** Where this source may deliver {@code file} from, in order; empty when it has nothing to offer. */
    List<Origin> origins(RemoteFile file);

    /**
     * The length of {@code file}'s content as this source knows it, without its content.
     *
     * @return empty when this source does not have the file (the next source is asked)
     * @throws IOException when asking failed
     */
    OptionalLong size(RemoteFile file) throws IOException;

    /** The store verified and stored {@code file}; its bytes came from {@code from}, this source or another. */
    default void stored(RemoteFile file, Path object, Source from) { }

    /** Content this source delivered for {@code file} did not verify. */
    default void rejected(RemoteFile file, String problem) { }

    /** What it did in this process, by counter name in a fixed order (e.g. hits, bytes, requests). */
    Map<String, Long> counters();

    /** The origin has no such content: asking it again will not change that, so the store goes on to the next. */
    final class Absent extends IOException {
        private static final long serialVersionUID = 1L;

        public Absent(String message) {
            super(message);
        }
    }
}
