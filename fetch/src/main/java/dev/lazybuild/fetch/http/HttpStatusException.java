package dev.lazybuild.fetch.http;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/** The server answered, but not with the content: its status decides whether to try again. */
public final class HttpStatusException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Duration retryAfter;

    public HttpStatusException(URI url, int status, Duration retryAfter) {
        this("HTTP " + status + " from " + url, status, retryAfter);
    }

    private HttpStatusException(String message, int status, Duration retryAfter) {
        super(message);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    /** The same answer, its message followed by what the user can do about it. */
    HttpStatusException withAdvice(String advice) {
        return new HttpStatusException(getMessage() + ": " + advice, status, retryAfter);
    }

    public int status() {
        return status;
    }

    /** What the server asked us to wait (Retry-After), or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** 5xx, 429 (too many requests) and 408 (request timeout) are worth another try; any other status will not change by asking again. */
    public boolean transientFailure() {
        return status >= 500 || status == 429 || status == 408;
    }
}
