package dev.lazybuild.cli.podman;

import dev.lazybuild.fetch.Printable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What lazybuild needs to know of the podman build arguments it passes through unchanged:
 * the build context (to find lockfiles) and the target platform (to pick the RPM
 * architecture). podman's option grammar is not ours, so this reads only what it must and
 * knows which options take a separate value, to tell a value from the context.
 */
public record PodmanArguments(List<String> args, Path context, Optional<String> platform, Optional<String> arch,
                       boolean contextGiven) {

    PodmanArguments(List<String> args, Path context, Optional<String> platform, Optional<String> arch) {
        this(args, context, platform, arch, true);
    }

    /**
     * podman build options (podman 4/5) whose value may follow as the next argument. Not
     * {@code --pull}: its value is optional and must be attached ({@code --pull=always}), so
     * the argument after a bare {@code --pull} is the context or another option.
     */
    /** A build argument {@code NAME=value} whose name says its value is a secret. */
    private static final Pattern SECRET_BUILD_ARG = Pattern.compile(
            "^(--build-arg=)?[^=]*(TOKEN|PASSWORD|PASSWD|SECRET|CREDENTIAL|API_?KEY|AUTH)[^=]*=", Pattern.CASE_INSENSITIVE);

    static final Set<String> TAKES_VALUE = Set.of(
            "--add-host", "--annotation", "--arch", "--authfile", "--build-arg", "--build-arg-file",
            "--build-context", "--cache-from", "--cache-to", "--cache-ttl", "--cap-add", "--cap-drop",
            "--cert-dir", "--cgroup-parent", "--cgroupns", "--cpp-flag", "--cpu-period", "--cpu-quota",
            "--cpu-shares", "-c", "--cpuset-cpus", "--cpuset-mems", "--creds", "--cw", "--decryption-key",
            "--device", "--dns", "--dns-option", "--dns-search", "--env", "--file", "-f", "--format", "--from",
            "--group-add", "--hooks-dir", "--ignorefile", "--iidfile", "--ipc", "--isolation", "--jobs",
            "--label", "--layer-label", "--logfile", "--manifest", "--memory", "-m", "--memory-swap",
            "--network", "--net", "--os", "--os-feature", "--os-version", "--output", "-o", "--pid",
            "--platform", "--retry", "--retry-delay", "--runtime", "--runtime-flag", "--sbom",
            "--sbom-image-output", "--sbom-image-purl-output", "--sbom-merge-strategy", "--sbom-output",
            "--sbom-purl-output", "--sbom-scanner-command", "--sbom-scanner-image", "--secret",
            "--security-opt", "--shm-size", "--sign-by", "--signature-policy", "--source-date-epoch",
            "--ssh", "--tag", "-t", "--target", "--timestamp", "--ulimit", "--unsetenv", "--unsetlabel",
            "--userns", "--userns-gid-map", "--userns-gid-map-group", "--userns-uid-map",
            "--userns-uid-map-user", "--uts", "--variant", "--volume", "-v", "--inherit-labels");

    /**
     * Whether podman was asked to be quiet ({@code -q}, {@code --quiet}): the option is podman's
     * and passes through, and lazybuild follows it for its own messages too.
     */
    public boolean quiet() {
        boolean quiet = false;
        for (String a : args) {
            if (a.equals("--")) {
                break;
            }
            if (a.equals("-q") || a.equals("--quiet") || a.equals("--quiet=true")) {
                quiet = true;
            } else if (a.equals("--quiet=false")) {
                quiet = false;
            }
        }
        return quiet;
    }

    /** The arguments as given; the context is the last argument that is neither an option nor an option's value. */
    /**
     * {@code args} as they may be printed ({@code --verbose}): the value of {@code --creds}
     * and of a build argument whose name says it is a secret shown as {@code ***}, URLs
     * without their user info, control characters escaped.
     */
    public static List<String> printable(List<String> args) {
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String previous = i > 0 ? args.get(i - 1) : "";
            if (previous.equals("--creds")) {
                shown.add("***");
            } else if (a.startsWith("--creds=")) {
                shown.add("--creds=***");
            } else if ((previous.equals("--build-arg") || a.startsWith("--build-arg=")) && SECRET_BUILD_ARG.matcher(a).find()) {
                shown.add(a.substring(0, a.indexOf('=', a.startsWith("--build-arg=") ? "--build-arg=".length() : 0) + 1) + "***");
            } else {
                shown.add(Printable.url(a));
            }
        }
        return shown;
    }

    public static PodmanArguments parse(List<String> args) {
        Path context = null;
        String platform = null;
        String arch = null;
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!optionsEnded && a.equals("--")) {
                optionsEnded = true;
                continue;
            }
            if (optionsEnded || !a.startsWith("-") || a.equals("-")) {
                context = Path.of(a);
                continue;
            }
            int eq = a.indexOf('=');
            String name = eq > 0 ? a.substring(0, eq) : a;
            String value = null;
            if (eq > 0) {
                value = a.substring(eq + 1);
            } else if (TAKES_VALUE.contains(name) && i + 1 < args.size()) {
                value = args.get(++i);
            }
            if (name.equals("--platform")) {
                platform = value;
            } else if (name.equals("--arch")) {
                arch = value;
            }
        }
        PodmanArguments parsed = new PodmanArguments(List.copyOf(args), context == null ? Path.of(".") : context,
                Optional.ofNullable(platform), Optional.ofNullable(arch));
        if (context == null) {
            // As podman: without a context, the directory of the (local) Containerfile is the context.
            List<String> files = parsed.containerfiles();
            if (!files.isEmpty() && !files.get(0).equals("-") && !files.get(0).contains("://")) {
                Path parent = Path.of(files.get(0)).toAbsolutePath().getParent();
                return new PodmanArguments(parsed.args(), parent, parsed.platform(), parsed.arch(), false);
            }
        }
        return new PodmanArguments(parsed.args(), parsed.context(), parsed.platform(), parsed.arch(), context != null);
    }

    /** The last value given to any of {@code names} (e.g. {@code --network}, {@code --net}), if any. */
    public Optional<String> lastValue(String... names) {
        List<String> wanted = List.of(names);
        String found = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                break;
            }
            int eq = a.indexOf('=');
            String name = eq > 0 ? a.substring(0, eq) : a;
            if (wanted.contains(name)) {
                found = eq > 0 ? a.substring(eq + 1) : i + 1 < args.size() ? args.get(++i) : found;
            } else if (eq < 0 && TAKES_VALUE.contains(name)) {
                i++;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The values of every {@code -f}/{@code --file}, in order. */
    public List<String> containerfiles() {
        return values('f', "--file");
    }

    /** The values of every {@code -t}/{@code --tag}, in order: the names of the image. */
    public List<String> tags() {
        return values('t', "--tag");
    }

    /** The values of a short option and its long form, attached or separate ({@code -fX}, {@code -f=X}, {@code --file=X}). */
    private List<String> values(char shortName, String longName) {
        String shortOption = "-" + shortName;
        List<String> values = new java.util.ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                break;
            }
            if ((a.equals(shortOption) || a.equals(longName)) && i + 1 < args.size()) {
                values.add(args.get(++i));
            } else if (a.startsWith(longName + "=")) {
                values.add(a.substring(longName.length() + 1));
            } else if (a.startsWith(shortOption) && a.length() > 2 && !a.startsWith("--")) {
                values.add(a.substring(a.charAt(2) == '=' ? 3 : 2));
            } else if (TAKES_VALUE.contains(a)) {
                i++;
            }
        }
        return values;
    }

    /**
     * The arguments with every {@code -f}/{@code --file} replaced by one {@code -f containerfile},
     * and {@code extra} options before the user's, so the context stays last.
     */
    public List<String> withContainerfile(Path containerfile, List<String> extra) {
        return withContainerfile(containerfile, extra, null);
    }

    /**
     * As {@link #withContainerfile(Path, List)}, and with the build context replaced by
     * {@code newContext} when it is not null (a context with rewritten project files).
     */
    public List<String> withContainerfile(Path containerfile, List<String> extra, Path newContext) {
        List<String> out = new java.util.ArrayList<>(extra);
        int contextIndex = newContext != null && contextGiven ? contextIndex() : -1;
        out.add("-f");
        out.add(containerfile.toString());
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                out.addAll(args.subList(i, args.size()));
                break;
            }
            if ((a.equals("-f") || a.equals("--file")) && i + 1 < args.size()) {
                i++;
            } else if (a.startsWith("--file=") || a.startsWith("-f") && a.length() > 2 && !a.startsWith("--")) {
                continue;
            } else {
                out.add(i == contextIndex ? newContext.toString() : a);
                if (TAKES_VALUE.contains(a) && i + 1 < args.size()) {
                    out.add(args.get(++i));
                }
            }
        }
        if (!contextGiven) {
            // The copy lives elsewhere, so name the context podman would have taken from the original.
            out.add((newContext != null ? newContext : context).toString());
        }
        return out;
    }

    /** Where the context is among the arguments: the last one that is neither an option nor an option's value. */
    private int contextIndex() {
        int index = -1;
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!optionsEnded && a.equals("--")) {
                optionsEnded = true;
            } else if (optionsEnded || !a.startsWith("-") || a.equals("-")) {
                index = i;
            } else if (a.indexOf('=') < 0 && TAKES_VALUE.contains(a)) {
                i++;
            }
        }
        return index;
    }
}
