package dev.lazybuild.vfs.pip;

import dev.lazybuild.vfs.lockfile.NpmTarballs.PythonUrls;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One requirement line of a requirements file, as Hermeto's {@code PipRequirement.from_line}
 * reads it: from an index ({@link Kind#PYPI}), a plain URL, or a VCS URL.
 *
 * @param line the first physical line of the requirement, 1-based, for messages
 * @param rawName the name as written; {@link #name()} is the canonical one
 * @param downloadLine the requirement as Hermeto prints it in messages
 * @param url the direct reference of a URL or VCS requirement, else null
 * @param hashes the {@code --hash} values, {@code algorithm:digest}, in file order
 * @param options the requirement's other options as written ({@code -e}, {@code --editable})
 * @param qualifiers a URL or VCS requirement's {@code #key=value} fragment, values unquoted, as
 *        Hermeto keeps them to write back (the last one given wins, in its first place)
 */
public record Requirement(int line, Kind kind, String rawName, String downloadLine, String url,
                          List<Pep508.Specifier> specifiers, String marker, List<String> hashes, List<String> options,
                          Map<String, String> qualifiers) {

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
        options = List.copyOf(options);
        qualifiers = Collections.unmodifiableMap(new LinkedHashMap<>(qualifiers));
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
     * The name Hermeto gives a URL or VCS requirement's file in {@code deps/pip/}
     * ({@code _get_external_requirement_filepath}): a wheel keeps its URL's file name, unquoted (pip
     * reads its tags from it); another URL file is {@code <name>-<digest of its first hash><ext>};
     * a git requirement is {@code <repo>-gitcommit-<ref>.tar.gz}. Not checked here: the caller
     * refuses a name that is no single path segment.
     */
    public String prefetchedFileName() {
        if (kind == Kind.URL) {
            String path = PythonUrls.urlparsePath(url);
            String extension = RequirementsFile.FILE_EXTENSIONS.stream().filter(path::endsWith).findFirst().orElse("");
            if (extension.equals(".whl")) {
                return PythonUrls.unquote(path.substring(path.lastIndexOf('/') + 1));
            }
            String hash = hashes.isEmpty() ? "" : hashes.get(0);
            return name() + "-" + hash.substring(hash.indexOf(':') + 1) + extension;
        }
        if (kind == Kind.VCS) {
            // extract_git_info: the path ends in '@' and the 40-character ref; the repository is its last segment.
            String path = PythonUrls.urlparsePath(url.startsWith("git+") ? url.substring("git+".length()) : url);
            if (!RequirementsFile.GIT_REF_IN_PATH.matcher(path).find()) {
                throw new IllegalArgumentException("No git ref in " + downloadLine + " (expected 40 hexadecimal characters)");
            }
            String repo = path.substring(0, path.length() - 41).replaceAll("^/+|/+$", "");
            repo = repo.endsWith(".git") ? repo.substring(0, repo.length() - ".git".length()) : repo;
            return repo.substring(repo.lastIndexOf('/') + 1) + "-gitcommit-"
                    + path.substring(path.length() - 40).toLowerCase(Locale.ROOT) + ".tar.gz";
        }
        throw new IllegalStateException(downloadLine + " is neither a URL nor a VCS requirement");
    }

    /** The requirement as Hermeto writes it back ({@code str(PipRequirement)}): its options, itself, its hashes. */
    public String hermetoLine() {
        return line(options, downloadLine);
    }

    /**
     * A URL or VCS requirement pointed at {@code newUrl} as Hermeto's {@code update(url=...)}
     * writes it: {@code <name as written> @ <newUrl>#<qualifiers> ; <marker as packaging prints it>},
     * its hashes kept, its extras and {@code -e} dropped (pip installs no URL editable).
     *
     * @throws IllegalArgumentException when the marker does not parse
     */
    public String hermetoLineAt(String newUrl) {
        StringBuilder line = new StringBuilder(rawName).append(" @ ").append(newUrl);
        if (!qualifiers.isEmpty()) {
            String fragment = qualifiers.entrySet().stream().map(q -> q.getKey() + "=" + q.getValue())
                    .collect(Collectors.joining("&"));
            // Hermeto parses the line it writes: a URL ends at a space or tab, and only a marker may follow it.
            if (!fragment.replaceFirst("[ \t]+$", "").matches("[^ \t]*")) {
                throw new IllegalArgumentException("the unquoted #" + fragment + " has a space inside, so the line written back "
                        + "would not parse (Hermeto fails on it too)");
            }
            line.append('#').append(fragment);
        }
        if (marker != null) {
            line.append(" ; ").append(EnvironmentMarker.normalized(marker));
        }
        return line(List.of(), line.toString());
    }

    private String line(List<String> leadingOptions, String requirement) {
        List<String> parts = new ArrayList<>(leadingOptions);
        parts.add(requirement);
        hashes.forEach(h -> parts.add("--hash=" + h));
        return String.join(" ", parts);
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
        Map<String, String> qualifiers = new LinkedHashMap<>();
        if (kind != Kind.PYPI) {
            toParse = withExplicitName(text, qualifiers);
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
        // _split_hashes_from_options: the value after each --hash is a hash, everything else an option.
        List<String> hashes = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (int i = 0; i < options.size(); i++) {
            if (!options.get(i).equals("--hash")) {
                others.add(options.get(i));
            } else if (i + 1 < options.size()) {
                hashes.add(options.get(++i));
            }
        }
        return new Requirement(line, kind, parsed.name(), toParse, parsed.url(), parsed.specifiers(), parsed.marker(), hashes,
                others, qualifiers);
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
    private static String withExplicitName(String text, Map<String, String> qualifiers) {
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
        qualifiers.putAll(qualifiers(url));
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
                out.put(section.substring(0, eq), PythonUrls.unquote(section.substring(eq + 1)));
            }
        }
        return out;
    }
}
