package dev.lazybuild.cli.command;

import dev.lazybuild.cli.app.LockedInputs;
import dev.lazybuild.cli.app.RpmTls;
import dev.lazybuild.cli.config.Config;
import dev.lazybuild.cli.config.ConfigFile;
import dev.lazybuild.fetch.ClientTls;
import dev.lazybuild.vfs.input.InputLockfiles;
import dev.lazybuild.vfs.input.InputSource;
import dev.lazybuild.vfs.konflux.BuildInputs;
import dev.lazybuild.cli.app.PipResolution;
import dev.lazybuild.vfs.lockfile.DigestPolicy;
import dev.lazybuild.vfs.lockfile.Lockfiles;
import dev.lazybuild.vfs.lockfile.ParsedLockfiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The inputs of a build: {@code --prefetch-input} (Hermeto's syntax), {@code --tekton} (a
 * PipelineRun), or else, as Konflux finds them, {@code prefetch-input} in the configuration, the
 * {@code .tekton/} PipelineRun that builds the Containerfile, the lockfiles at the context's
 * root; {@code --lockfile} adds to any of these.
 */
final class LockfileMixin {
    @Option(names = "--lockfile", paramLabel = "FILE",
            description = "A lockfile to use besides the inputs (pylock.toml, pylock.*.toml, package-lock.json, artifacts.lock.yaml, rpms.lock.yaml); repeatable. Its name tells its kind: <name>.pylock.toml, <name>.package-lock.json, <name>.artifacts.lock.yaml, <name>.rpms.lock.yaml, or requirements*.txt (hash-locked; resolved through its index, never taken from the context alone). A go.mod (with its go.sum beside it) is used only when named here; GOPROXY says where its modules come from.")
    List<Path> lockfiles = new ArrayList<>();

    @Option(names = "--prefetch-input", paramLabel = "JSON|@FILE",
            description = "The inputs in Hermeto's syntax, as Konflux's prefetch-input param: a package manager name, a package such as {\"type\": \"rpm\", \"path\": \"prefetch-input/odh\"}, or a list of them; paths relative to the build context. @FILE reads it from FILE. Wins over prefetch-input in lazybuild.toml and over .tekton/.")
    String prefetchInput;

    @Option(names = "--rpm-entitlement", paramLabel = "DIR",
            description = "Fetch every rpm input's RPMs with this entitlement, as konflux-build-cli injects one into every rpm input: DIR holds <serial>.pem and <serial>-key.pem, as /etc/pki/entitlement does; the CA is rpm-ca-bundle from your config, else /etc/rhsm/ca/redhat-uep.pem when it exists (also rpm-entitlement = DIR in your config).")
    Path rpmEntitlement;

    @Option(names = "--tekton", paramLabel = "FILE",
            description = "Take the inputs, hermetic and build-args-file from this PipelineRun file instead of the .tekton/ run that names the Containerfile.")
    Path tekton;

    @Option(names = "--strict-digests",
            description = "Refuse lockfile entries locked only by md5 or sha1 (default: accept them with a warning;"
                    + " also strict-digests = true in a config file, or LAZYBUILD_STRICT_DIGESTS=true).")
    boolean strictDigests;

    /** What this command line and {@code config} make of weak digests: on when either asks. */
    DigestPolicy digestPolicy(Config config) {
        return strictDigests || config.strictDigests() ? DigestPolicy.STRONG_ONLY : DigestPolicy.WARN_WEAK;
    }

    /** Where the build's inputs come from (see {@link BuildInputs}). */
    BuildInputs find(Path context, Optional<Path> containerfile, Config config) {
        return BuildInputs.find(new BuildInputs.Request(Optional.ofNullable(prefetchInput),
                config.prefetchInput().map(Config.PrefetchInputSetting::value),
                config.prefetchInput().map(Config.PrefetchInputSetting::file).orElse(null),
                Optional.ofNullable(tekton)), context, containerfile);
    }

    /** The inputs' lockfiles (or the context's), then the named ones, each read once. */
    LockedInputs read(BuildInputs found, Path context, String arch, PipResolution pip, DigestPolicy policy,
            Map<String, String> env, Config config, ParsedLockfiles parsed) {
        List<InputLockfiles.InputLockfile> inputs = found.input() == null ? List.of()
                : InputLockfiles.resolve(found.input(), found.root(), found.source().kind() == InputSource.Kind.TEKTON
                        ? found.source().file() + ": param prefetch-input" : where(found));
        LinkedHashSet<Path> named = new LinkedHashSet<>();
        if (found.source().kind() == InputSource.Kind.CONTEXT_ROOT) {
            Lockfiles.discover(context).forEach(p -> named.add(p.toAbsolutePath().normalize()));
        }
        lockfiles.forEach(p -> named.add(p.toAbsolutePath().normalize()));
        return LockedInputs.read(found, inputs, List.copyOf(named), arch, pip, policy, env, parsed,
                rpmTls(found, config));
    }

    /**
     * The entitlement of --rpm-entitlement (else the config's), and whether the inputs' own
     * options.ssl may be used: only when the user's side gave them.
     */
    private RpmTls rpmTls(BuildInputs found, Config config) {
        Optional<Path> dir = Optional.ofNullable(rpmEntitlement).or(config::rpmEntitlement);
        ClientTls entitlement = dir.map(d -> RpmTls.entitlement(d, config.rpmCaBundle().orElse(null),
                rpmEntitlement != null ? "--rpm-entitlement" : "rpm-entitlement")).orElse(null);
        boolean trusted = switch (found.source().kind()) {
            case FLAG -> true;
            case CONFIG -> config.prefetchInput().map(s -> s.source() == ConfigFile.Source.USER).orElse(false);
            case TEKTON, CONTEXT_ROOT -> false;
        };
        return new RpmTls(entitlement, trusted);
    }

    private static String where(BuildInputs found) {
        return found.source().kind() == InputSource.Kind.FLAG ? BuildInputs.FLAG : found.source().file() + ": prefetch-input";
    }
}
