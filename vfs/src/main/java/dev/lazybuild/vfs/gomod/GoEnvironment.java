package dev.lazybuild.vfs.gomod;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The variables Hermeto's gomod backend gives {@code generate-env} (gomod/main.py,
 * {@code env_vars_template}), resolved as its EnvironmentVariable.resolve_value resolves them:
 * {@code ${output_dir}} is where the build sees the output directory, and a {@code ${NAME}} of
 * another variable is replaced by that variable's (resolved) value.
 */
public final class GoEnvironment {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private GoEnvironment() { }

    /**
     * @param outputDir where the build sees Hermeto's output ({@code /cachi2/output})
     * @param extra the configuration's {@code gomod.environment_variables}, which Hermeto adds after
     *        (and over) its own
     * @return name to value, in Hermeto's order; generate-env sorts all package managers' variables by name
     */
    public static Map<String, String> variables(String outputDir, Map<String, String> extra) {
        Map<String, String> template = new LinkedHashMap<>();
        template.put("GOCACHE", "${output_dir}/deps/gomod");
        template.put("GOPATH", "${output_dir}/deps/gomod");
        template.put("GOMODCACHE", "${output_dir}/deps/gomod/pkg/mod");
        template.put("GOPROXY", "file://${GOMODCACHE}/cache/download");
        template.put("GOSUMDB", "off");
        template.putAll(extra);
        Map<String, String> mappings = new LinkedHashMap<>(template);
        mappings.put("output_dir", outputDir);
        Map<String, String> resolved = new LinkedHashMap<>();
        template.forEach((name, value) -> resolved.put(name, resolve(value, mappings)));
        return resolved;
    }

    /** Substitutes known placeholders, as many rounds as there are variables (Python's safe_substitute leaves unknown ones). */
    private static String resolve(String value, Map<String, String> mappings) {
        String v = value;
        for (int round = 0; round < mappings.size(); round++) {
            Matcher m = PLACEHOLDER.matcher(v);
            StringBuilder out = new StringBuilder();
            boolean changed = false;
            while (m.find()) {
                String replacement = mappings.get(m.group(1));
                changed |= replacement != null;
                m.appendReplacement(out, Matcher.quoteReplacement(replacement != null ? replacement : m.group()));
            }
            m.appendTail(out);
            v = out.toString();
            if (!changed) {
                break;
            }
        }
        return v;
    }
}
