package dev.lazybuild.vfs.buildconfig;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hermeto's {@code .build-config.json} (hermeto/core/models/output.py, {@code BuildConfig}):
 * the environment variables {@code hermeto generate-env} turns into {@code cachi2.env} and
 * the project files {@code hermeto inject-files} writes into the source, both with the
 * {@code ${output_dir}} placeholder unresolved. Sorted and unique by name and by path, as
 * Hermeto's validators make them.
 */
public record BuildConfig(
        @JsonProperty("environment_variables") List<EnvironmentVariable> environmentVariables,
        @JsonProperty("project_files") List<ProjectFile> projectFiles) {

    /** Hermeto's placeholder for the output directory, resolved by generate-env and inject-files. */
    public static final String OUTPUT_DIR = "${output_dir}";

    /** One variable; {@code value} may hold {@link #OUTPUT_DIR}. */
    public record EnvironmentVariable(String name, String value) { }

    /** A file inject-files writes at {@code abspath}; {@code template} may hold {@link #OUTPUT_DIR}. */
    public record ProjectFile(String abspath, String template) { }

    public BuildConfig {
        environmentVariables = unique(environmentVariables, EnvironmentVariable::name);
        projectFiles = unique(projectFiles, ProjectFile::abspath);
    }

    private static <T> List<T> unique(List<T> items, java.util.function.Function<T, String> key) {
        Map<String, T> byKey = new TreeMap<>();
        items.forEach(i -> byKey.putIfAbsent(key.apply(i), i));
        return byKey.values().stream().sorted(Comparator.comparing(key)).toList();
    }

    /** As pydantic's {@code model_dump_json(indent=2)}: two-space indent, {@code "key": value}. */
    public String toJson() {
        return write(this, false);
    }

    /** As Python's {@code json.dumps(value, indent=2) + "\n"}, how Hermeto writes a JSON project file. */
    static String pythonJson(Object value) {
        return write(value, true) + "\n";
    }

    /** @param asciiOnly as Python's json module by default (ensure_ascii), which pydantic does not do */
    private static String write(Object value, boolean asciiOnly) {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                        .withObjectEmptySeparator("")
                        .withArrayEmptySeparator(""));
        printer.indentArraysWith(new DefaultIndenter("  ", "\n"));
        printer.indentObjectsWith(new DefaultIndenter("  ", "\n"));
        ObjectWriter writer = new ObjectMapper().writer(printer);
        try {
            return (asciiOnly ? writer.with(JsonWriteFeature.ESCAPE_NON_ASCII) : writer).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
