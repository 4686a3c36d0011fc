package dev.lazybuild.cli.command;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import dev.lazybuild.cli.app.LockedInputs;
import dev.lazybuild.vfs.input.InputSource;
import dev.lazybuild.vfs.konflux.BuildInputs;
import dev.lazybuild.cli.app.LockedTree;
import dev.lazybuild.cli.config.Config;
import dev.lazybuild.cli.terminal.Invocation;
import dev.lazybuild.vfs.lockfile.Lockfiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code lazybuild plan}: the tree a build would see, without mounting or downloading
 * anything. Sizes the lockfiles do not give (npm, generic) come from what the cache already
 * learned; {@code --resolve-sizes} asks upstream (HEAD) for the rest, and the cache remembers
 * them for later plans and builds.
 */
@Command(name = "plan",
        description = {
            "Print the files a build would see, with totals per ecosystem, without downloading anything.",
            "",
            "Each file under /cachi2/output is listed with its size and source URL.",
            "A size the lockfile does not give (npm, generic) is printed as '-' unless the cache",
            "already knows it or --resolve-sizes is given."},
        usageHelpAutoWidth = true,
        mixinStandardHelpOptions = true)
public final class PlanCommand extends BaseCommand {
    private static final String UNKNOWN = "-";

    @Mixin
    LockfileMixin lockfiles;

    @Mixin
    CacheDirMixin cache;

    @Mixin
    PlatformMixin platform;

    @Mixin
    ContainerfileMixin containerfile;

    @Option(names = "--json", description = "Write one JSON object: files, bytes, unknownSizes, ecosystems, entries.")
    boolean json;

    @Option(names = "--resolve-sizes", description = "Ask upstream (HTTP HEAD) for sizes neither the lockfile nor the cache knows.")
    boolean resolveSizes;

    @Mixin
    DeclaredSbomMixin sbom;

    @Parameters(index = "0", arity = "0..1", paramLabel = "CONTEXT", defaultValue = ".",
            description = "The build context whose root holds the lockfiles (default: the current directory).")
    Path context;

    public PlanCommand(Invocation invocation) {
        super(invocation);
    }

    @Override
    protected void validate() {
        if (!Files.isDirectory(context)) {
            throw new ParameterException(spec.commandLine(), "CONTEXT " + context + " is not a directory");
        }
    }

    @Override
    protected int execute() throws IOException {
        Config config = config(context);
        BuildInputs found = lockfiles.find(context, containerfile.resolve(context), config);
        found.source().announce(console()::notice);
        LockedInputs inputs = lockfiles.read(found, context, platform.rpmArch(), pip(config, cache.resolve(config)),
                lockfiles.digestPolicy(config), invocation.env(), config,
                parsedLockfiles(cache.resolve(config)));
        inputs.warnings().forEach(console()::warning);
        LockedTree tree = LockedTree.forListing(inputs, LockedTree.mountTarget(null, config), config,
                cache.resolve(config), resolveSizes, invocation.env());
        Plan plan = Plan.of(tree.tree(), tree.mountTarget() + "/");
        sbom.writeIfAsked(inputs);
        if (inputs.lockfiles().isEmpty() && found.source().kind() == InputSource.Kind.CONTEXT_ROOT) {
            console().notice("no lockfiles in " + context + " (looked for " + Lockfiles.KNOWN_NAMES
                    + "); name others with --lockfile");
        }
        if (json) {
            writeJson(plan, inputs);
        } else {
            writeText(plan);
        }
        return ExitCode.OK.code();
    }

    private void writeText(Plan plan) {
        PrintWriter out = out();
        int pathWidth = plan.entries().stream().mapToInt(e -> e.path().length()).max().orElse(4);
        int sizeWidth = Math.max(4, plan.entries().stream().mapToInt(e -> sizeText(e.size()).length()).max().orElse(4));
        out.printf("%-" + pathWidth + "s  %" + sizeWidth + "s  %s%n", "PATH", "SIZE", "URL");
        for (Plan.Entry e : plan.entries()) {
            out.printf("%-" + pathWidth + "s  %" + sizeWidth + "s  %s%n", e.path(), sizeText(e.size()), e.url());
        }
        out.println();
        out.printf("%-10s %7s %15s %14s%n", "ECOSYSTEM", "FILES", "BYTES", "UNKNOWN SIZES");
        plan.ecosystems().forEach((name, t) -> out.printf("%-10s %7d %15d %14d%n", name, t.files(), t.bytes(), t.unknownSizes()));
        Plan.Totals all = plan.total();
        out.printf("%-10s %7d %15d %14d%n", "total", all.files(), all.bytes(), all.unknownSizes());
        out.flush();
    }

    private void writeJson(Plan plan, LockedInputs inputs) {
        // The generator must not close stdout: the caller owns it.
        try (JsonGenerator g = new JsonFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET).createGenerator(out())) {
            g.setPrettyPrinter(new DefaultPrettyPrinter());
            g.writeStartObject();
            g.writeStringField("context", context.toAbsolutePath().normalize().toString());
            g.writeStringField("arch", inputs.arch());
            g.writeArrayFieldStart("lockfiles");
            for (Path p : inputs.lockfiles()) {
                g.writeString(p.toString());
            }
            g.writeEndArray();
            writeTotals(g, plan.total());
            g.writeObjectFieldStart("ecosystems");
            for (Map.Entry<String, Plan.Totals> e : plan.ecosystems().entrySet()) {
                g.writeObjectFieldStart(e.getKey());
                writeTotals(g, e.getValue());
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeArrayFieldStart("entries");
            for (Plan.Entry e : plan.entries()) {
                g.writeStartObject();
                g.writeStringField("path", e.path());
                if (e.size() >= 0) {
                    g.writeNumberField("size", e.size());
                } else {
                    g.writeNullField("size"); // unknown: npm and generic lockfiles give none
                }
                g.writeStringField("url", e.url());
                g.writeStringField("digest", e.digest());
                g.writeStringField("ecosystem", e.ecosystem());
                g.writeStringField("origin", e.origin());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out().flush();
    }

    private static void writeTotals(JsonGenerator g, Plan.Totals t) throws IOException {
        g.writeNumberField("files", t.files());
        g.writeNumberField("bytes", t.bytes());
        g.writeNumberField("unknownSizes", t.unknownSizes());
    }

    private static String sizeText(long size) {
        return size >= 0 ? Long.toString(size) : UNKNOWN;
    }
}
