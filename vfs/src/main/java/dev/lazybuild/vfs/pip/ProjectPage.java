package dev.lazybuild.vfs.pip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A project's page on a simple index: PEP 691 JSON ({@code application/vnd.pypi.simple.v1+json})
 * or PEP 503 HTML, told apart by the response's Content-Type as pypi_simple does (none means
 * HTML). Relative links resolve against the page's final URL (after redirects).
 */
record ProjectPage(List<IndexFile> files) {
    /** What lazybuild asks for: JSON preferred, HTML accepted (pypi_simple's ACCEPT_ANY). */
    static final String ACCEPT = "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html, text/html;q=0.01";
    static final String JSON = "application/vnd.pypi.simple.v1+json";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern ANCHOR = Pattern.compile("<a\\b([^>]*)>(.*?)</a\\s*>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern BASE = Pattern.compile("<base\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTRIBUTE = Pattern.compile("([A-Za-z_:][-A-Za-z0-9_:.]*)(?:\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s\"'>]+)))?");
    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]+|#[xX][0-9a-fA-F]+|amp|lt|gt|quot|apos);");

    ProjectPage {
        files = List.copyOf(files);
    }

    /**
     * @param pageUrl the URL the page was finally served from
     * @param contentType the response's Content-Type, or null
     * @throws IllegalArgumentException when the page cannot be read, saying why
     */
    static ProjectPage parse(URI pageUrl, String contentType, byte[] body) {
        String type = contentType == null ? "text/html" : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        if (type.equals(JSON)) {
            return fromJson(pageUrl, body);
        }
        if (type.equals("text/html") || type.equals("application/vnd.pypi.simple.v1+html")) {
            return fromHtml(pageUrl, new String(body, StandardCharsets.UTF_8));
        }
        throw new IllegalArgumentException("unsupported Content-Type '" + contentType + "' (a simple index answers "
                + JSON + " or text/html)");
    }

    private static ProjectPage fromJson(URI pageUrl, byte[] body) {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a PEP 691 project page (not a JSON object)");
        }
        String apiVersion = root.path("meta").path("api-version").asText("1.0");
        if (!apiVersion.matches("1(\\..*)?")) {
            throw new IllegalArgumentException("repository api-version " + apiVersion + " is not supported (lazybuild reads 1.x)");
        }
        JsonNode files = root.get("files");
        if (files == null || !files.isArray()) {
            throw new IllegalArgumentException("not a PEP 691 project page (no 'files' array)");
        }
        List<IndexFile> out = new ArrayList<>();
        for (JsonNode f : files) {
            if (!f.path("filename").isTextual() || !f.path("url").isTextual()) {
                throw new IllegalArgumentException("a file without 'filename' or 'url': " + f);
            }
            Map<String, String> digests = new LinkedHashMap<>();
            f.path("hashes").fields().forEachRemaining(e -> {
                if (e.getValue().isTextual()) {
                    digests.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().asText().toLowerCase(Locale.ROOT));
                }
            });
            JsonNode yanked = f.path("yanked");
            boolean isYanked = yanked.isTextual() || (yanked.isBoolean() && yanked.asBoolean());
            long size = f.path("size").canConvertToLong() && f.path("size").asLong() >= 0 ? f.path("size").asLong() : -1;
            out.add(new IndexFile(f.get("filename").asText(), resolve(pageUrl, f.get("url").asText()), digests, isYanked, size));
        }
        return new ProjectPage(out);
    }

    private static ProjectPage fromHtml(URI pageUrl, String html) {
        URI base = pageUrl;
        Matcher baseTag = BASE.matcher(html);
        if (baseTag.find()) {
            String href = attributes(baseTag.group(1)).get("href");
            if (href != null) {
                base = resolve(pageUrl, href);
            }
        }
        List<IndexFile> out = new ArrayList<>();
        Matcher a = ANCHOR.matcher(html);
        while (a.find()) {
            Map<String, String> attributes = attributes(a.group(1));
            String href = attributes.get("href");
            if (href == null) {
                continue;
            }
            String text = unescape(TAG.matcher(a.group(2)).replaceAll("")).strip();
            URI url = resolve(base, href);
            Map<String, String> digests = new LinkedHashMap<>();
            String fragment = url.getRawFragment();
            if (fragment != null) {
                int eq = fragment.indexOf('=');
                if (eq > 0 && eq < fragment.length() - 1) {
                    digests.put(fragment.substring(0, eq).toLowerCase(Locale.ROOT), fragment.substring(eq + 1).toLowerCase(Locale.ROOT));
                }
            }
            out.add(new IndexFile(text, withoutFragment(url), digests, attributes.containsKey("data-yanked"), -1));
        }
        return new ProjectPage(out);
    }

    private static Map<String, String> attributes(String inside) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = ATTRIBUTE.matcher(inside);
        while (m.find()) {
            String value = m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4);
            out.putIfAbsent(m.group(1).toLowerCase(Locale.ROOT), value == null ? "" : unescape(value));
        }
        return out;
    }

    private static String unescape(String s) {
        return ENTITY.matcher(s).replaceAll(m -> {
            String e = m.group(1);
            String ch = switch (e) {
                case "amp" -> "&";
                case "lt" -> "<";
                case "gt" -> ">";
                case "quot" -> "\"";
                case "apos" -> "'";
                default -> Character.toString(e.startsWith("#x") || e.startsWith("#X")
                        ? Integer.parseInt(e.substring(2), 16) : Integer.parseInt(e.substring(1)));
            };
            return Matcher.quoteReplacement(ch);
        });
    }

    private static URI resolve(URI base, String href) {
        try {
            return base.resolve(new URI(href.strip().replace(" ", "%20")));
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            throw new IllegalArgumentException("a link that is no valid URL: '" + href + "'");
        }
    }

    private static URI withoutFragment(URI url) {
        String s = url.toString();
        int hash = s.indexOf('#');
        return hash < 0 ? url : URI.create(s.substring(0, hash));
    }
}
