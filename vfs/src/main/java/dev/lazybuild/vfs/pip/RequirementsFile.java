package dev.lazybuild.vfs.pip;

import dev.lazybuild.fetch.Digest;
import dev.lazybuild.vfs.lockfile.LockfileException;
import dev.lazybuild.vfs.lockfile.NpmTarballs.PythonUrls;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A pip requirements file read exactly as Hermeto's {@code PipRequirementsFile} reads it
 * (hermeto/core/package_managers/python/pip/requirements.py): lines ending in {@code \} joined
 * with the next, comments removed, global options and per-requirement options ({@code --hash})
 * split from the requirement. {@link #validate()} then refuses what Hermeto refuses, with its
 * reasons, naming the file and the line.
 *
 * @param sha256 the file's content digest, which keys the resolution cache
 * @param options the global options in file order ({@code --index-url}, {@code -r}, ...)
 */
public record RequirementsFile(Path path, String sha256, List<Requirement> requirements, List<Option> options) {

    /** A global option and its value (null for a flag), with the line it is on. */
    public record Option(int line, String name, String value) { }

    /** A requirements file larger than this is refused before it is read: a hostile context could fill the heap. */
    static final long MAX_BYTES = 16L << 20;

    /** Hermeto's default index, when neither the file nor PIP_INDEX_URL names one. */
    public static final URI PYPI = URI.create("https://pypi.org/simple/");

    // Hermeto's OPTIONS table: the options pip allows in a requirements file, and whether each takes a value.
    private static final Map<String, Boolean> OPTIONS = Map.ofEntries(
            Map.entry("--constraint", true), Map.entry("--editable", false), Map.entry("--extra-index-url", true),
            Map.entry("--find-links", true), Map.entry("--index-url", true), Map.entry("--no-binary", true),
            Map.entry("--no-index", false), Map.entry("--only-binary", true), Map.entry("--pre", false),
            Map.entry("--prefer-binary", false), Map.entry("--require-hashes", false), Map.entry("--requirement", true),
            Map.entry("--trusted-host", true), Map.entry("--use-feature", true), Map.entry("-c", true),
            Map.entry("-e", false), Map.entry("-f", true), Map.entry("--hash", true), Map.entry("-i", true),
            Map.entry("-r", true));
    private static final List<String> REQUIREMENT_OPTIONS = List.of("-e", "--editable", "--hash");
    private static final List<String> REJECTED = List.of("--extra-index-url", "--no-index", "-f", "--find-links", "--only-binary");
    private static final List<String> NOT_FOLLOWED = List.of("-r", "--requirement", "-c", "--constraint");
    // Python's whitespace (str.split(), str.strip(), re's \s): Unicode White_Space and \x1c-\x1f.
    private static final String PYTHON_SPACE = "[\\s\\x1c-\\x1f]";
    private static final Pattern LINE_COMMENT = Pattern.compile("(^|" + PYTHON_SPACE + ")#.*$", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern PYTHON_SPACES = Pattern.compile(PYTHON_SPACE + "+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern PYTHON_STRIP = Pattern.compile("^" + PYTHON_SPACE + "+|" + PYTHON_SPACE + "+$",
            Pattern.UNICODE_CHARACTER_CLASS);
    static final Pattern GIT_REF_IN_PATH = Pattern.compile("@[a-fA-F0-9]{40}$");
    static final List<String> SDIST_EXTENSIONS = List.of(".zip", ".tar.gz", ".tar.bz2", ".tar.xz", ".tar.Z", ".tar");
    static final List<String> FILE_EXTENSIONS = List.of(".zip", ".tar.gz", ".tar.bz2", ".tar.xz", ".tar.Z", ".tar", ".whl");

    public RequirementsFile {
        requirements = List.copyOf(requirements);
        options = List.copyOf(options);
    }

    /** A logical line: continuation lines joined, with the number of its first physical line. */
    private record Line(int number, String text) { }

    /**
     * Reads the file's requirements and options; syntax errors (an unknown option, a
     * requirement that does not parse) are refused here, the rest by {@link #validate()}.
     */
    public static RequirementsFile read(Path file) {
        String text;
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw LockfileException.at(file, null, "larger than " + (MAX_BYTES >> 20) + " MiB: not a requirements file "
                        + "lazybuild reads (notebooks' largest is 0.3 MiB)");
            }
            bytes = Files.readAllBytes(file);
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw LockfileException.at(file, null, "not UTF-8 text");
        } catch (IOException e) {
            throw LockfileException.at(file, null, "cannot read: " + e.getMessage());
        }
        List<Requirement> requirements = new ArrayList<>();
        List<Option> options = new ArrayList<>();
        for (Line line : logicalLines(text)) {
            try {
                List<String> requirementOptions = new ArrayList<>();
                String requirement = splitOptions(line, options, requirementOptions);
                if (!requirement.isEmpty()) {
                    requirements.add(Requirement.fromLine(line.number(), requirement, requirementOptions));
                }
            } catch (IllegalArgumentException e) {
                throw at(file, line.number(), e.getMessage());
            }
        }
        MessageDigest sha256 = Digest.Algorithm.SHA256.newHasher();
        return new RequirementsFile(file, HexFormat.of().formatHex(sha256.digest(bytes)), requirements, options);
    }

    /**
     * Refuses what Hermeto refuses, in Hermeto's order: unsupported options, unpinned or
     * unsupported requirements, then missing or malformed hashes.
     */
    public void validate() {
        List<String> rejected = new ArrayList<>();
        int firstRejected = 0;
        for (Option o : options) {
            if (REJECTED.contains(o.name())) {
                rejected.add(o.name());
                firstRejected = firstRejected == 0 ? o.line() : firstRejected;
            }
        }
        if (!rejected.isEmpty()) {
            throw at(path, firstRejected, "lazybuild, like Hermeto, does not support the following options: "
                    + String.join(", ", rejected) + " (it reads one index, the one --index-url names)");
        }
        for (Requirement r : requirements) {
            validate(r);
        }
        boolean requireHashes = options.stream().anyMatch(o -> o.name().equals("--require-hashes"))
                || requirements.stream().anyMatch(r -> !r.hashes().isEmpty());
        for (Requirement r : requirements) {
            if (requireHashes && r.kind() == Requirement.Kind.VCS) {
                throw at(path, r.line(), "VCS requirements are not supported in hash-locked requirements files: "
                        + r.downloadLine() + " (VCS requirements do not support pip's --hash option; use "
                        + "<name> @ https://.../1.0.0.tar.gz --hash=sha256:... instead)");
            }
            if (requireHashes && r.hashes().isEmpty()) {
                throw at(path, r.line(), "Hash is required, dependency does not specify any: " + r.downloadLine()
                        + " (please specify the expected hashes for all dependencies)");
            }
            for (String hash : r.hashes()) {
                int colon = hash.indexOf(':');
                if (colon < 0 || colon == hash.length() - 1) {
                    throw at(path, r.line(), "Not a valid hash specifier: '" + hash + "' (expected 'algorithm:digest')");
                }
            }
        }
    }

    private void validate(Requirement r) {
        switch (r.kind()) {
            case PYPI -> {
                if (r.pinnedVersion() == null) {
                    throw at(path, r.line(), "Requirement must be pinned to an exact version: " + r.downloadLine()
                            + " (please pin all packages as <name>==<version>, e.g. with pip-compile)");
                }
            }
            case VCS -> {
                String scheme = r.url().substring(0, Math.max(0, r.url().indexOf(':'))).toLowerCase(Locale.ROOT);
                if (!scheme.startsWith("git")) {
                    throw at(path, r.line(), "Unsupported VCS for " + r.downloadLine() + ": " + scheme + " (only git is supported)");
                }
                if (!GIT_REF_IN_PATH.matcher(PythonUrls.urlparsePath(r.url())).find()) {
                    throw at(path, r.line(), "No git ref in " + r.downloadLine() + " (expected 40 hexadecimal characters; "
                            + "please specify the full commit hash for git URLs or switch to https URLs)");
                }
            }
            case URL -> {
                if (r.hashes().size() != 1) {
                    throw at(path, r.line(), "URL requirement must specify exactly one hash, but specifies " + r.hashes().size()
                            + " (please specify the expected hash of a plain URL with one --hash option; "
                            + "a hash in the URL fragment is not read)");
                }
                String urlPath = PythonUrls.urlparsePath(r.url());
                if (FILE_EXTENSIONS.stream().noneMatch(urlPath::endsWith)) {
                    throw at(path, r.line(), "URL for requirement does not contain any recognized file extension: "
                            + r.downloadLine() + " (expected one of " + String.join(", ", FILE_EXTENSIONS) + ")");
                }
            }
        }
    }

    /**
     * The index this file's index requirements come from, with Hermeto's precedence: the
     * file's last {@code --index-url}/{@code -i}, else {@code PIP_INDEX_URL}, else PyPI.
     */
    public URI indexUrl(Map<String, String> env) {
        Option fromFile = null;
        for (Option o : options) {
            if (o.name().equals("--index-url") || o.name().equals("-i")) {
                fromFile = o;
            }
        }
        if (fromFile != null) {
            return checkedIndexUrl(fromFile.value(), "--index-url", fromFile.line());
        }
        String fromEnv = env.getOrDefault("PIP_INDEX_URL", "").strip();
        if (!fromEnv.isEmpty()) {
            return checkedIndexUrl(fromEnv, "PIP_INDEX_URL", 0);
        }
        return PYPI;
    }

    /** The options lazybuild ignores and the user should know about: {@code -r} and {@code -c} are not followed. */
    public List<String> warnings() {
        List<String> out = new ArrayList<>();
        for (Option o : options) {
            if (NOT_FOLLOWED.contains(o.name())) {
                out.add(path + ": line " + o.line() + ": '" + o.name() + " " + o.value() + "' is ignored: lazybuild, like "
                        + "Hermeto, does not follow it (name that file in requirements_files)");
            }
        }
        return out;
    }

    /** Whether any requirement carries a hash (then pip requires them all). */
    public boolean hashed() {
        return requirements.stream().anyMatch(r -> !r.hashes().isEmpty());
    }

    private URI checkedIndexUrl(String url, String source, int line) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw at(path, line, source + " is not a valid URL: '" + url + "'");
        }
        String scheme = uri.getScheme() == null ? "none" : uri.getScheme();
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw at(path, line, source + " must use http or https scheme, got: " + scheme);
        }
        if (uri.getRawAuthority() == null || uri.getRawAuthority().isEmpty()) {
            throw at(path, line, source + " must include a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw at(path, line, source + " must not contain embedded credentials (use a .netrc file for authentication)");
        }
        return uri;
    }

    private static LockfileException at(Path file, int line, String reason) {
        return LockfileException.at(file, line > 0 ? "line " + line : null, reason);
    }

    /** Hermeto's {@code _read_lines}: continuation lines joined, comments and blank lines dropped. */
    private static List<Line> logicalLines(String text) {
        List<Line> out = new ArrayList<>();
        StringBuilder buffered = new StringBuilder();
        int first = 0;
        String[] lines = text.split("\r\n|[\n\r\u000b\u000c\u001c\u001d\u001e\u0085\u2028\u2029]", -1);
        int count = text.isEmpty() ? 0 : (lines[lines.length - 1].isEmpty() ? lines.length - 1 : lines.length);
        for (int i = 0; i < count; i++) {
            String line = lines[i];
            if (buffered.isEmpty() && first == 0) {
                first = i + 1;
            }
            if (!line.endsWith("\\")) {
                buffered.append(line);
                String joined = PYTHON_STRIP.matcher(LINE_COMMENT.matcher(buffered).replaceAll("")).replaceAll("");
                if (!joined.isEmpty()) {
                    out.add(new Line(first, joined));
                }
                buffered.setLength(0);
                first = 0;
            } else {
                buffered.append(line.replaceFirst("\\\\+$", ""));
            }
        }
        if (!buffered.isEmpty()) {
            out.add(new Line(first, buffered.toString())); // the last line ends in '\': Hermeto keeps it as it is
        }
        return out;
    }

    /** Hermeto's {@code _split_options_and_requirement}: global options into {@code global}, the rest returned or kept. */
    private static String splitOptions(Line line, List<Option> global, List<String> requirementOptions) {
        List<String> requirement = new ArrayList<>();
        String pendingOption = null;
        boolean pendingGlobal = false;
        for (String part : PYTHON_SPACES.split(PYTHON_STRIP.matcher(line.text()).replaceAll(""))) {
            if (pendingOption != null) {
                if (pendingGlobal) {
                    global.add(new Option(line.number(), pendingOption, part));
                } else {
                    requirementOptions.add(part);
                }
                pendingOption = null;
            } else if (part.startsWith("-")) {
                int eq = part.indexOf('=');
                String option = eq < 0 ? part : part.substring(0, eq);
                String value = eq < 0 ? null : part.substring(eq + 1);
                Boolean takesValue = OPTIONS.get(option);
                if (takesValue == null) {
                    throw new IllegalArgumentException("Unknown requirements file option '" + part + "'");
                }
                if (value != null && !value.isEmpty() && !takesValue) {
                    throw new IllegalArgumentException("Unexpected value for requirements file option '" + part + "'");
                }
                boolean isGlobal = !REQUIREMENT_OPTIONS.contains(option);
                if (!isGlobal) {
                    requirementOptions.add(option);
                }
                if (takesValue && (value == null || value.isEmpty())) {
                    pendingOption = option;
                    pendingGlobal = isGlobal;
                } else {
                    if (isGlobal) {
                        global.add(new Option(line.number(), option, value == null || value.isEmpty() ? null : value));
                    } else if (value != null && !value.isEmpty()) {
                        requirementOptions.add(value);
                    }
                }
            } else {
                requirement.add(part);
            }
        }
        if (pendingOption != null) {
            throw new IllegalArgumentException("Requirements file option '" + pendingOption + "' requires a value");
        }
        if (!requirementOptions.isEmpty() && requirement.isEmpty()) {
            throw new IllegalArgumentException("Requirements file option(s) " + pythonList(requirementOptions)
                    + " can only be applied to a requirement");
        }
        return String.join(" ", requirement);
    }

    private static String pythonList(List<String> items) {
        return items.stream().map(i -> "'" + i + "'").toList().toString();
    }
}
