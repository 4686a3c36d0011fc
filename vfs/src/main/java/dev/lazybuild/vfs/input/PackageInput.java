package dev.lazybuild.vfs.input;

import java.util.List;
import java.util.Map;

/**
 * One package of a Hermeto input ({@code hermeto/core/models/input.py}), normalised as Hermeto
 * normalises it: paths as pathlib compares them ({@code a//b/} is {@code a/b}, the root is
 * {@code .}), binary filters trimmed and de-duplicated ({@code "x86_64, aarch64"} is
 * {@code "x86_64,aarch64"}), the deprecated {@code allow_binary} turned into {@code binary}.
 * Two inputs that Hermeto would treat alike are therefore {@code equals}.
 */
public sealed interface PackageInput {
    /** Hermeto's package manager name: {@code rpm}, {@code pip}, ... */
    String type();

    /** The package directory relative to the source root, {@code /}-separated; {@code .} for the root. */
    String path();

    /**
     * An rpm package: {@code <path>/rpms.lock.yaml}.
     *
     * @param dnfOptions {@code options.dnf}: per repoid (or {@code main}) the options for its
     *        section of hermeto.repo, values as Python's {@code str()} writes them
     * @param ssl {@code options.ssl}, or null
     * @param binaryArch {@code binary.arch}, or null when the input has no {@code binary}
     */
    record Rpm(String path, boolean includeSummaryInSbom, Map<String, Map<String, String>> dnfOptions,
            SslOptions ssl, String binaryArch) implements PackageInput {
        public Rpm {
            dnfOptions = Map.copyOf(dnfOptions);
        }

        @Override
        public String type() {
            return "rpm";
        }
    }

    /** rpm's {@code options.ssl}: client certificates for the repositories, as Hermeto reads them. */
    record SslOptions(String clientCert, String clientKey, String caBundle, boolean sslVerify) { }

    /** A generic package: {@code <path>/<lockfile>}, by default {@code artifacts.lock.yaml}. */
    record Generic(String path, String lockfile) implements PackageInput {
        public static final String DEFAULT_LOCKFILE = "artifacts.lock.yaml";

        @Override
        public String type() {
            return "generic";
        }
    }

    /** An npm package: {@code <path>/npm-shrinkwrap.json} or else {@code <path>/package-lock.json}. */
    record Npm(String path) implements PackageInput {
        @Override
        public String type() {
            return "npm";
        }
    }

    /**
     * A pip package.
     *
     * @param requirementsFiles relative to {@code path}; null when the input names none
     *        (Hermeto then reads {@code requirements.txt})
     * @param requirementsBuildFiles likewise; Hermeto's default is {@code requirements-build.txt}
     * @param binary the binary filter, or null for sdists only
     */
    record Pip(String path, List<String> requirementsFiles, List<String> requirementsBuildFiles, PipBinary binary)
            implements PackageInput {
        public Pip {
            requirementsFiles = requirementsFiles == null ? null : List.copyOf(requirementsFiles);
            requirementsBuildFiles = requirementsBuildFiles == null ? null : List.copyOf(requirementsBuildFiles);
        }

        @Override
        public String type() {
            return "pip";
        }
    }

    /**
     * pip's {@code binary} filter (Hermeto's PipBinaryFilters) with its defaults filled in.
     * Each string filter is a comma-separated list or {@code :all:}.
     */
    record PipBinary(String packages, String arch, String os, Integer pyVersion, String pyImpl, String abi,
            String platform) {
        public static final String ALL = ":all:";
        /** What {@code "binary": {}} means. */
        public static final PipBinary DEFAULTS = new PipBinary(ALL, "x86_64", "linux", null, "cp", ALL, null);
        /** What the deprecated {@code "allow_binary": true} means. */
        public static final PipBinary ALLOW_BINARY = new PipBinary(ALL, ALL, ALL, null, ALL, ALL, null);
    }

    /** A gomod package: {@code <path>/go.mod} with its {@code go.sum}. */
    record Gomod(String path) implements PackageInput {
        @Override
        public String type() {
            return "gomod";
        }
    }

    /** A package manager Hermeto knows and lazybuild does not read (yet): bundler, cargo, pnpm, yarn, x-maven. */
    record Unsupported(String type, String path) implements PackageInput { }
}
