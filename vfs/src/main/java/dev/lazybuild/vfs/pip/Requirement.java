package dev.lazybuild.vfs.pip;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One requirement line of a requirements file, as Hermeto's {@code PipRequirement.from_line}
 * reads it: from an index ({@link Kind#PYPI}), a plain URL, or a VCS URL.
 *
 * @param line the first physical line of the requirement, 1-based, for messages
 * @param rawName the name as written; {@link #name()} is the canonical one
 * @param downloadLine the requirement as Hermeto prints it in messages
 * @param url the direct reference of a URL or VCS requirement, else null
 * @param hashes the {@code --hash} values, {@code algorithm:digest}, in file order
 */
public record Requirement(int line, Kind kind, String rawName, String downloadLine, String url,
                          List<Pep508.Specifier> specifiers, String marker, List<String> hashes) {

    /** Where the requirement comes from. */
    public enum Kind { PYPI, URL, VCS }

    private static final Set<String> URL_SCHEMES = Set.of("http", "https", "ftp");
    private static final Set<String> VCS_SCHEMES = Set.of("bzr", "bzr+ftp", "bzr+http", "bzr+https", "git", "git+ftp",
            "git+http", "git+https", "hg", "hg+ftp", "hg+http", "hg+https", "svn", "svn+ftp", "svn+http", "svn+https");
    // "name @ https://...": the requirement names its package.
    private static final Pattern NAME_IN_DIRECT_REFERENCE = Pattern.compile("@.+://");

    public Requirement {
        specifiers = List.copyOf(specifiers);
        hashes = List.copyOf(hashes);
    }

    /** The canonical (PEP 503) package name. */
    public String name() {
        return ProjectName.canonical(rawName);
    }

    /** The pinned version of an index requirement ({@code ==} or {@code ===}), or null when it is not pinned. */
    public String pinnedVersion() {
        if (specifiers.size() != 1) {
            return null;
        }
        Pep508.Specifier only = specifiers.get(0);
        return only.operator().equals("==") || only.operator().equals("===") ? only.version() : null;
    }

    /**
     * Reads one requirement, its per-requirement options already split off.
     *
     * @param options {@code --hash} values and other requirement options ({@code -e}), flat as written
     * @throws IllegalArgumentException with Hermeto's reason
     */
    static Requirement fromLine(int line, String text, List<String> options) {
        String toParse = text;
        Kind kind = directReferenceKind(text);
        if (kind != Kind.PYPI) {
            toParse = withExplicitName(text);
        }
        Pep508.Parsed parsed;
        try {
            parsed = Pep508.parse(toParse);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unable to parse the requirement '" + toParse + "': " + e.getMessage());
        }
        if (kind != Kind.PYPI && parsed.url() == null) {
            throw new IllegalArgumentException("Direct access requirement '" + toParse + "' has no URL");
        }
        List<String> hashes = new ArrayList<>();
        for (int i = 0; i < options.size(); i++) {
            if (options.get(i).equals("--hash") && i + 1 < options.size()) {
                hashes.add(options.get(++i));
            }
        }
        return new Requirement(line, kind, parsed.name(), toParse, parsed.url(), parsed.specifiers(), parsed.marker(), hashes);
    }

    /** Hermeto's {@code _assess_direct_access_requirement}: the scheme before the first ':' decides. */
    private static Kind directReferenceKind(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            return Kind.PYPI;
        }
        String[] schemeParts = text.substring(0, colon).split("@", -1);
        if (schemeParts.length > 2) {
            throw new IllegalArgumentException("Unable to extract scheme from direct access requirement '" + text + "'");
        }
        String scheme = schemeParts[schemeParts.length - 1].toLowerCase(Locale.ROOT).strip();
        if (URL_SCHEMES.contains(scheme)) {
            return Kind.URL;
        }
        if (VCS_SCHEMES.contains(scheme)) {
            return Kind.VCS;
        }
        throw new IllegalArgumentException("Direct references with '" + scheme + "' scheme are not supported, '" + text + "'");
    }

    /**
     * Hermeto's {@code _adjust_direct_access_requirement}: {@code name @ url ; marker}, the name
     * from before the '@' or from the URL's {@code #egg=} (which wins, as with pip).
     */
    private static String withExplicitName(String text) {
        String name = null;
        String url = text;
        if (NAME_IN_DIRECT_REFERENCE.matcher(text).find()) {
            int at = text.indexOf('@');
            name = text.substring(0, at);
            url = text.substring(at + 1);
        }
        String marker = null;
        int semicolon = url.indexOf("; "); // a direct reference needs the space before its marker
        if (semicolon >= 0) {
            marker = url.substring(semicolon + 2);
            url = url.substring(0, semicolon);
        }
        Map<String, String> qualifiers = qualifiers(url);
        if (qualifiers.containsKey("egg")) {
            name = qualifiers.get("egg");
        }
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("Dependency name could not be determined from the requirement '" + text
                    + "' (lazybuild, like Hermeto, needs the name to be explicitly declared): "
                    + "please specify the name of the dependency: <name> @ <url>");
        }
        return name.strip() + " @ " + url.strip() + (marker == null ? "" : " ; " + marker.strip());
    }

    private static Map<String, String> qualifiers(String url) {
        Map<String, String> out = new LinkedHashMap<>();
        int hash = url.indexOf('#');
        if (hash < 0) {
            return out;
        }
        for (String section : url.substring(hash + 1).split("&")) {
            int eq = section.indexOf('=');
            if (eq >= 0) {
                // urllib's unquote: '+' stays a '+'
                out.put(section.substring(0, eq), URLDecoder.decode(section.substring(eq + 1).replace("+", "%2B"),
                        StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
