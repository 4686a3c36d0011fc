package dev.lazybuild.testkit;

/** Konflux PipelineRun YAML as projects keep it under {@code .tekton/}, for tests of the discovery and of builds. */
public final class PipelineRuns {
    private PipelineRuns() { }

    /**
     * @param event {@code push} or {@code pull_request}, as pipelines-as-code's on-cel-expression names it
     * @param params extra {@code - name: ...} items, each line indented as under {@code params:}, or ""
     */
    public static String yaml(String name, String event, String dockerfile, String context, String prefetchInput,
            String params) {
        return """
                apiVersion: tekton.dev/v1
                kind: PipelineRun
                metadata:
                  name: %s
                  annotations:
                    pipelinesascode.tekton.dev/on-cel-expression: event == "%s" && target_branch == "main"
                spec:
                  params:
                  - name: dockerfile
                    value: %s
                  - name: path-context
                    value: %s
                %s  - name: prefetch-input
                    value: %s
                """.formatted(name, event, dockerfile, context, params, prefetchInput);
    }
}
