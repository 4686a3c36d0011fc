package dev.lazybuild.vfs.konflux;

import dev.lazybuild.vfs.input.InputException;
import dev.lazybuild.vfs.input.PrefetchInput;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the PipelineRuns of one {@code .tekton/*.yaml} file (several YAML documents allowed;
 * Pipelines and other kinds are skipped). The file comes from the checkout, so it is hostile:
 * its size, nesting, aliases and documents are bounded, duplicate keys are refused (which of
 * two {@code prefetch-input}s would Tekton use?), and every error names the file.
 */
public final class TektonFile {
    /** The largest notebooks PipelineRun is 6 KB; a file 100 times larger is not a PipelineRun. */
    static final long MAX_BYTES = 1 << 20;
    static final int MAX_DOCUMENTS = 100;

    private static final Pattern PUSH = Pattern.compile("event\\s*==\\s*[\"']push[\"']");
    private static final Pattern PULL_REQUEST = Pattern.compile("event\\s*==\\s*[\"']pull_request[\"']");
    private static final String ON_EVENT = "pipelinesascode.tekton.dev/on-event";
    private static final String ON_CEL = "pipelinesascode.tekton.dev/on-cel-expression";

    private TektonFile() { }

    /**
     * @param file the file to read
     * @param shown how messages and results name it (e.g. relative to the repository root)
     */
    public static List<PipelineRun> read(Path file, Path shown) {
        String text = text(file, shown);
        List<PipelineRun> runs = new ArrayList<>();
        int index = 0;
        try {
            for (Object doc : yaml().loadAll(text)) {
                if (++index > MAX_DOCUMENTS) {
                    throw new InputException(shown + ": more than " + MAX_DOCUMENTS + " YAML documents");
                }
                if (doc instanceof Map<?, ?> map && "PipelineRun".equals(map.get("kind"))) {
                    runs.add(pipelineRun(map, shown, "document " + index));
                }
            }
        } catch (YAMLException e) {
            throw new InputException(shown + ": not valid YAML: " + e.getMessage().replace('\n', ' '), e);
        }
        return runs;
    }

    private static String text(Path file, Path shown) {
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file)) {
                throw new InputException(shown + ": not a regular file");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new InputException(shown + ": larger than " + MAX_BYTES + " bytes; not a PipelineRun lazybuild reads");
            }
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new InputException(shown + ": not UTF-8 text", e);
        } catch (IOException e) {
            throw new InputException(shown + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(20);
        options.setNestingDepthLimit(40);
        options.setCodePointLimit((int) MAX_BYTES);
        return new Yaml(new SafeConstructor(options));
    }

    private static PipelineRun pipelineRun(Map<?, ?> doc, Path shown, String where) {
        Map<?, ?> metadata = doc.get("metadata") instanceof Map<?, ?> m ? m : Map.of();
        String name = metadata.get("name") instanceof String s ? s : null;
        String at = shown + ": PipelineRun " + (name == null ? "in " + where : name);
        Map<String, Object> params = params(doc, at);
        String dockerfile = stringParam(params, "dockerfile", at);
        String pathContext = stringParam(params, "path-context", at);
        Object prefetch = params.get("prefetch-input");
        PrefetchInput input = prefetch == null || (prefetch instanceof String s && s.isBlank()) ? null
                : PrefetchInput.of(prefetch, at + ": param prefetch-input");
        Object hermetic = params.get("hermetic");
        String buildArgsFile = stringParam(params, "build-args-file", at);
        return new PipelineRun(shown, name, event(metadata),
                dockerfile == null || dockerfile.isEmpty() ? PipelineRun.DEFAULT_DOCKERFILE : dockerfile,
                pathContext == null || pathContext.isEmpty() ? PipelineRun.DEFAULT_PATH_CONTEXT : pathContext,
                new PipelineRun.Settings(input,
                        // The build task's test is [ "$HERMETIC" == "true" ]: any other value has the network.
                        hermetic != null && "true".equals(String.valueOf(hermetic)),
                        buildArgsFile == null || buildArgsFile.isEmpty() ? null : buildArgsFile));
    }

    /** {@code spec.params} as name to value; a name given twice is refused, as Tekton refuses it. */
    private static Map<String, Object> params(Map<?, ?> doc, String at) {
        Object spec = doc.get("spec");
        if (spec == null) {
            return Map.of();
        }
        if (!(spec instanceof Map<?, ?> specMap)) {
            throw new InputException(at + ": spec is not a mapping");
        }
        Object raw = specMap.get("params");
        if (raw == null) {
            return Map.of();
        }
        if (!(raw instanceof List<?> list)) {
            throw new InputException(at + ": spec.params is not a list");
        }
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> p) || !(p.get("name") instanceof String name)) {
                throw new InputException(at + ": spec.params[" + i + "] has no name");
            }
            if (params.containsKey(name)) {
                throw new InputException(at + ": param " + name + " is given twice");
            }
            params.put(name, p.get("value"));
        }
        return params;
    }

    private static String stringParam(Map<String, Object> params, String name, String at) {
        Object value = params.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            throw new InputException(at + ": param " + name + " is not a string");
        }
        return s;
    }

    private static PipelineRun.Event event(Map<?, ?> metadata) {
        if (!(metadata.get("annotations") instanceof Map<?, ?> annotations)) {
            return PipelineRun.Event.OTHER;
        }
        String onEvent = annotations.get(ON_EVENT) instanceof String s ? s : "";
        String cel = annotations.get(ON_CEL) instanceof String s ? s : "";
        boolean push = onEvent.matches("\\[?\\s*push\\s*]?") || PUSH.matcher(cel).find();
        boolean pullRequest = onEvent.contains("pull_request") || PULL_REQUEST.matcher(cel).find();
        if (push == pullRequest) {
            return PipelineRun.Event.OTHER;
        }
        return push ? PipelineRun.Event.PUSH : PipelineRun.Event.PULL_REQUEST;
    }
}
