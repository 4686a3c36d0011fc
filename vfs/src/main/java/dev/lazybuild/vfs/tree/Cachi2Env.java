package dev.lazybuild.vfs.tree;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code cachi2.env} as {@code hermeto generate-env --format env --for-output-dir <target>/output}
 * writes it ({@code hermeto/core/extras/envfile.py}) for exactly the package managers of the
 * inputs: the variables each backend declares (pip: PIP_FIND_LINKS, PIP_NO_INDEX in
 * {@code python/pip/main.py}; gomod: GOCACHE, GOPATH, GOMODCACHE, GOPROXY, GOSUMDB in
 * {@code gomod/main.py}; npm, rpm and generic declare none), sorted and de-duplicated by name
 * (BuildConfig), their {@code ${...}} placeholders resolved, one {@code export NAME=VALUE} line
 * each, quoted as shlex.quote quotes, joined with newlines and ended by the newline print() adds.
 */
public final class Cachi2Env {
    private static final Map<String, List<Variable>> BY_TYPE = Map.of(
            "pip", List.of(
                    new Variable("PIP_FIND_LINKS", "${output_dir}/deps/pip"),
                    new Variable("PIP_NO_INDEX", "true")),
            "gomod", List.of(
                    new Variable("GOCACHE", "${output_dir}/deps/gomod"),
                    new Variable("GOPATH", "${output_dir}/deps/gomod"),
                    new Variable("GOMODCACHE", "${output_dir}/deps/gomod/pkg/mod"),
                    new Variable("GOPROXY", "file://${GOMODCACHE}/cache/download"),
                    new Variable("GOSUMDB", "off")));
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([_A-Za-z][_A-Za-z0-9]*)}");

    private Cachi2Env() { }

    /** A variable as a backend declares it, its value a template over the others and {@code output_dir}. */
    record Variable(String name, String template) { }

    /**
     * @param types Hermeto type names of the inputs ({@code PrefetchInput.types()})
     * @param outputDir where the build sees Hermeto's output, e.g. {@code /cachi2/output}
     */
    public static String render(Collection<String> types, String outputDir) {
        Map<String, String> templates = new TreeMap<>();
        for (String type : types) {
            BY_TYPE.getOrDefault(type, List.of()).forEach(v -> templates.put(v.name(), v.template()));
        }
        Map<String, String> mappings = new TreeMap<>(templates);
        mappings.put("output_dir", outputDir);
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> v : templates.entrySet()) {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append("export ").append(shellQuoted(v.getKey())).append('=')
                    .append(shellQuoted(resolve(v.getValue(), mappings)));
        }
        return out.append('\n').toString();
    }

    /** The names {@link #render} exports for these types, sorted. */
    public static List<String> names(Collection<String> types) {
        TreeMap<String, String> names = new TreeMap<>();
        types.forEach(t -> BY_TYPE.getOrDefault(t, List.of()).forEach(v -> names.put(v.name(), v.name())));
        return List.copyOf(names.keySet());
    }

    /** EnvironmentVariable.resolve_value: substitute until no known placeholder is left (the templates have no cycle). */
    private static String resolve(String template, Map<String, String> mappings) {
        String value = template;
        for (int round = 0; round <= mappings.size(); round++) {
            Matcher m = PLACEHOLDER.matcher(value);
            StringBuilder next = new StringBuilder();
            boolean changed = false;
            while (m.find()) {
                String replacement = mappings.get(m.group(1));
                changed |= replacement != null;
                m.appendReplacement(next, Matcher.quoteReplacement(replacement == null ? m.group() : replacement));
            }
            m.appendTail(next);
            value = next.toString();
            if (!changed) {
                break;
            }
        }
        return value;
    }

    /** As Python's shlex.quote (and Go's ShellQuote): safe words stay bare, anything else goes in single quotes. */
    public static String shellQuoted(String value) {
        if (!value.isEmpty() && value.matches("[A-Za-z0-9_@%+=:,./-]+")) {
            return value;
        }
        return "'" + value.replace("'", "'\"'\"'") + "'";
    }
}
