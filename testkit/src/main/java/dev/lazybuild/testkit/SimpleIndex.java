package dev.lazybuild.testkit;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Python simple index on an {@link UpstreamServer}, as a PyPI mirror or an Artifactory serves
 * one: static PEP 503 HTML project pages under {@code /simple/<name>/}, the same pages as PEP 691
 * JSON (with PEP 700 sizes) under {@code /json/<name>/}, links relative to the page, and the
 * files themselves under {@code /files/<file name>}. A file's advertised sha256 may differ from
 * its bytes (a stand-in for a large real file) or be left out (an index that gives no hashes).
 */
public final class SimpleIndex {
    public static final String JSON = "application/vnd.pypi.simple.v1+json";

    private record Entry(String fileName, byte[] content, String advertisedSha256, boolean yanked) { }

    private final UpstreamServer server;
    private final Map<String, List<Entry>> projects = new LinkedHashMap<>();

    public SimpleIndex(UpstreamServer server) {
        this.server = server;
    }

    /** A file with its true sha256 on the pages. */
    public SimpleIndex add(String project, String fileName, byte[] content) {
        return entry(project, new Entry(fileName, content, UpstreamServer.sha256(content), false));
    }

    /** A file whose pages claim {@code sha256}, whatever its bytes (tests that never download it). */
    public SimpleIndex addAdvertised(String project, String fileName, String sha256, byte[] content) {
        return entry(project, new Entry(fileName, content, sha256, false));
    }

    /** A file listed with no hash at all. */
    public SimpleIndex addWithoutHash(String project, String fileName, byte[] content) {
        return entry(project, new Entry(fileName, content, null, false));
    }

    /** A yanked file (PEP 592), with its true sha256. */
    public SimpleIndex addYanked(String project, String fileName, byte[] content) {
        return entry(project, new Entry(fileName, content, UpstreamServer.sha256(content), true));
    }

    private SimpleIndex entry(String project, Entry e) {
        projects.computeIfAbsent(canonical(project), k -> new ArrayList<>()).add(e);
        return this;
    }

    /** Puts every page and file on the server; call again after adding more. */
    public SimpleIndex publish() {
        projects.forEach((name, entries) -> {
            StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html><body><h1>Links for " + name + "</h1>\n");
            StringBuilder json = new StringBuilder("{\"meta\": {\"api-version\": \"1.1\"}, \"name\": \"" + name + "\", \"files\": [");
            for (int i = 0; i < entries.size(); i++) {
                Entry e = entries.get(i);
                server.put("/files/" + e.fileName(), e.content());
                String href = "../../files/" + e.fileName();
                html.append("<a href=\"").append(href).append(e.advertisedSha256() == null ? "" : "#sha256=" + e.advertisedSha256())
                        .append('"').append(e.yanked() ? " data-yanked=\"\"" : "").append('>').append(e.fileName()).append("</a><br/>\n");
                json.append(i == 0 ? "" : ", ").append("{\"filename\": \"").append(e.fileName()).append("\", \"url\": \"")
                        .append(href).append("\", \"hashes\": {")
                        .append(e.advertisedSha256() == null ? "" : "\"sha256\": \"" + e.advertisedSha256() + "\"")
                        .append("}, \"size\": ").append(e.content().length).append(", \"yanked\": ").append(e.yanked()).append('}');
            }
            server.put("/simple/" + name + "/", html.append("</body></html>\n").toString().getBytes(StandardCharsets.UTF_8),
                    "text/html; charset=utf-8");
            server.put("/json/" + name + "/", json.append("]}").toString().getBytes(StandardCharsets.UTF_8), JSON);
        });
        return this;
    }

    /** The PEP 503 HTML index, {@code http://127.0.0.1:PORT/simple/}. */
    public URI htmlIndex() {
        return server.url("/simple/");
    }

    /** The PEP 691 JSON index, {@code http://127.0.0.1:PORT/json/}. */
    public URI jsonIndex() {
        return server.url("/json/");
    }

    /** The path a file is served at, for counting requests in the server's log. */
    public static String filePath(String fileName) {
        return "/files/" + fileName;
    }

    private static String canonical(String name) {
        return name.replaceAll("[-_.]+", "-").toLowerCase(Locale.ROOT);
    }
}
