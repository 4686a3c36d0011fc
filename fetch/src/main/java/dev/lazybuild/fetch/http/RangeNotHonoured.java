package dev.lazybuild.fetch.http;

import java.io.IOException;
import java.net.URI;

/**
 * A server answered a Range request with the whole file (200) or refused it (416 for a start
 * inside the file, 501): HTTP allows both, and asking again will not change it. The caller
 * reads the whole file from that server instead.
 */
public final class RangeNotHonoured extends IOException {
    private static final long serialVersionUID = 1L;

    private final String host;

    public RangeNotHonoured(URI url, String what) {
        super(url.getHost() + " " + what + " for a Range request (" + url + ")");
        this.host = url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "");
    }

    /** The server (host and port) that does not honour ranges. */
    public String host() {
        return host;
    }
}
