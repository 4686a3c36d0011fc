# fish completion for lazybuild, generated from its command model: 'lazybuild completion fish'. Do not edit.
# Install in ~/.config/fish/completions/lazybuild.fish, or: lazybuild completion fish | source
complete -c lazybuild -e
complete -c lazybuild -f

# lazybuild
complete -c lazybuild -n '__fish_use_subcommand' -l verbose -d 'Print stack traces and debugging detail on errors'
complete -c lazybuild -n '__fish_use_subcommand' -l config -r -F -d 'A config file whose settings win over the user\'s config and the context\'s lazybuild.toml'
complete -c lazybuild -n '__fish_use_subcommand' -s h -l help -d 'Show this help message and exit'
complete -c lazybuild -n '__fish_use_subcommand' -s V -l version -d 'Print version information and exit'
complete -c lazybuild -n '__fish_use_subcommand' -a build -d 'Run podman build with the lockfiles\' dependencies mounted as a Hermeto prefetch'
complete -c lazybuild -n '__fish_use_subcommand' -a plan -d 'Print the files a build would see, with totals per ecosystem, without downloading anything'
complete -c lazybuild -n '__fish_use_subcommand' -a prefetch -d 'Download every file the lockfiles lock for one platform into the shared cache, in parallel'
complete -c lazybuild -n '__fish_use_subcommand' -a cache -d 'Inspect and maintain the shared cache; safe while builds run'
complete -c lazybuild -n '__fish_use_subcommand' -a completion -d 'Print the shell completion script for bash, zsh or fish'
complete -c lazybuild -n '__fish_use_subcommand' -a doctor -d 'Check that this machine can run lazybuild build, and say how to fix what it cannot'
complete -c lazybuild -n '__fish_use_subcommand' -a help -d 'Display help information about the specified command'

# lazybuild build
complete -c lazybuild -n '__fish_seen_subcommand_from build' -l lockfile -r -F -d 'A lockfile to use besides the inputs'
complete -c lazybuild -n '__fish_seen_subcommand_from build' -l prefetch-input -x -d 'The inputs in Hermeto\'s syntax, as Konflux\'s prefetch-input param: a package manager name, a package such as {"type": "rpm", "path": "prefetch-input/odh"}, or a list of them; paths relative to the build context'
complete -c lazybuild -n '__fish_seen_subcommand_from build' -l rpm-entitlement -r -F -d 'Fetch every rpm input\'s RPMs with this entitlement, as konflux-build-cli injects one into every rpm input: DIR holds <serial>.pem and <serial>-key.pem, as /etc/pki/entitlement does; the CA is rpm-ca-bundle from your config, else /etc/rhsm/ca/redhat-uep.pem when it exists'
complete -c lazybuild -n '__fish_seen_subcommand_from build' -l tekton -r -F -d 'Take the inputs, hermetic and build-args-file from this PipelineRun file instead of the .tekton/ run that names the Containerfile'
complete -c lazybuild -n '__fish_seen_subcommand_from build' -l strict-digests -d 'Refuse lockfile entries locked only by md5 or sha1'
complete -c lazybuild -n '__fish_seen_subcommand_from build' -l cache-dir -r -F -d 'The shared cache'
complete -c lazybuild -n '__fish_seen_subcommand_from build' -l no-upload -d 'Read from the team cache'
complete -c lazybuild -n '__fish_seen_subcommand_from build' -l mount-target -x -d 'Where the build sees the prefetch tree'
complete -c lazybuild -n '__fish_seen_subcommand_from build' -l no-yum-repos -d 'Do not mount the generated repos.d at /etc/yum.repos.d'
complete -c lazybuild -n '__fish_seen_subcommand_from build' -l repo-option -x -d 'Set an option in every generated dnf repo section'
complete -c lazybuild -n '__fish_seen_subcommand_from build' -l no-progress -d 'Do not print download progress lines'
complete -c lazybuild -n '__fish_seen_subcommand_from build' -l no-fetch-ahead -d 'Do not download ahead the files the last build of this context and Containerfile opened'
complete -c lazybuild -n '__fish_seen_subcommand_from build' -l verified-repodata -d 'Make missing RPM repodata from the whole RPMs with createrepo_c, not from their headers'
complete -c lazybuild -n '__fish_seen_subcommand_from build' -l summary-json -r -F -d 'Also write the build summary'
complete -c lazybuild -n '__fish_seen_subcommand_from build' -l prefetch-sbom -r -F -d 'After a successful build, write a CycloneDX 1.6 SBOM of every component the lockfiles declare'
complete -c lazybuild -n '__fish_seen_subcommand_from build' -s h -l help -d 'Show this help message and exit'
complete -c lazybuild -n '__fish_seen_subcommand_from build' -s V -l version -d 'Print version information and exit'
complete -c lazybuild -n '__fish_seen_subcommand_from build' -l verbose -d 'Print stack traces and debugging detail on errors'
complete -c lazybuild -n '__fish_seen_subcommand_from build' -l config -r -F -d 'A config file whose settings win over the user\'s config and the context\'s lazybuild.toml'
complete -c lazybuild -n '__fish_seen_subcommand_from build' -F

# lazybuild plan
complete -c lazybuild -n '__fish_seen_subcommand_from plan' -l lockfile -r -F -d 'A lockfile to use besides the inputs'
complete -c lazybuild -n '__fish_seen_subcommand_from plan' -l prefetch-input -x -d 'The inputs in Hermeto\'s syntax, as Konflux\'s prefetch-input param: a package manager name, a package such as {"type": "rpm", "path": "prefetch-input/odh"}, or a list of them; paths relative to the build context'
complete -c lazybuild -n '__fish_seen_subcommand_from plan' -l rpm-entitlement -r -F -d 'Fetch every rpm input\'s RPMs with this entitlement, as konflux-build-cli injects one into every rpm input: DIR holds <serial>.pem and <serial>-key.pem, as /etc/pki/entitlement does; the CA is rpm-ca-bundle from your config, else /etc/rhsm/ca/redhat-uep.pem when it exists'
complete -c lazybuild -n '__fish_seen_subcommand_from plan' -l tekton -r -F -d 'Take the inputs, hermetic and build-args-file from this PipelineRun file instead of the .tekton/ run that names the Containerfile'
complete -c lazybuild -n '__fish_seen_subcommand_from plan' -l strict-digests -d 'Refuse lockfile entries locked only by md5 or sha1'
complete -c lazybuild -n '__fish_seen_subcommand_from plan' -l cache-dir -r -F -d 'The shared cache'
complete -c lazybuild -n '__fish_seen_subcommand_from plan' -l platform -x -d 'The build\'s platform, as podman build takes it'
complete -c lazybuild -n '__fish_seen_subcommand_from plan' -l arch -x -d 'The build\'s architecture, as podman build --arch takes it'
complete -c lazybuild -n '__fish_seen_subcommand_from plan' -s f -l file -r -F -d 'The Containerfile a build would use'
complete -c lazybuild -n '__fish_seen_subcommand_from plan' -l json -d 'Write one JSON object: files, bytes, unknownSizes, ecosystems, entries'
complete -c lazybuild -n '__fish_seen_subcommand_from plan' -l resolve-sizes -d 'Ask upstream'
complete -c lazybuild -n '__fish_seen_subcommand_from plan' -l sbom -r -F -d 'Also write a CycloneDX 1.6 SBOM of every component the lockfiles declare'
complete -c lazybuild -n '__fish_seen_subcommand_from plan' -s h -l help -d 'Show this help message and exit'
complete -c lazybuild -n '__fish_seen_subcommand_from plan' -s V -l version -d 'Print version information and exit'
complete -c lazybuild -n '__fish_seen_subcommand_from plan' -l verbose -d 'Print stack traces and debugging detail on errors'
complete -c lazybuild -n '__fish_seen_subcommand_from plan' -l config -r -F -d 'A config file whose settings win over the user\'s config and the context\'s lazybuild.toml'
complete -c lazybuild -n '__fish_seen_subcommand_from plan' -r -F -d 'CONTEXT'

# lazybuild prefetch
complete -c lazybuild -n '__fish_seen_subcommand_from prefetch' -l lockfile -r -F -d 'A lockfile to use besides the inputs'
complete -c lazybuild -n '__fish_seen_subcommand_from prefetch' -l prefetch-input -x -d 'The inputs in Hermeto\'s syntax, as Konflux\'s prefetch-input param: a package manager name, a package such as {"type": "rpm", "path": "prefetch-input/odh"}, or a list of them; paths relative to the build context'
complete -c lazybuild -n '__fish_seen_subcommand_from prefetch' -l rpm-entitlement -r -F -d 'Fetch every rpm input\'s RPMs with this entitlement, as konflux-build-cli injects one into every rpm input: DIR holds <serial>.pem and <serial>-key.pem, as /etc/pki/entitlement does; the CA is rpm-ca-bundle from your config, else /etc/rhsm/ca/redhat-uep.pem when it exists'
complete -c lazybuild -n '__fish_seen_subcommand_from prefetch' -l tekton -r -F -d 'Take the inputs, hermetic and build-args-file from this PipelineRun file instead of the .tekton/ run that names the Containerfile'
complete -c lazybuild -n '__fish_seen_subcommand_from prefetch' -l strict-digests -d 'Refuse lockfile entries locked only by md5 or sha1'
complete -c lazybuild -n '__fish_seen_subcommand_from prefetch' -l cache-dir -r -F -d 'The shared cache'
complete -c lazybuild -n '__fish_seen_subcommand_from prefetch' -l no-upload -d 'Read from the team cache'
complete -c lazybuild -n '__fish_seen_subcommand_from prefetch' -s f -l file -r -F -d 'The Containerfile a build would use'
complete -c lazybuild -n '__fish_seen_subcommand_from prefetch' -l rpm-only -d 'Only the RPMs\' repodata'
complete -c lazybuild -n '__fish_seen_subcommand_from prefetch' -l full -d 'With --rpm-only: download the RPMs whole too, not only their headers'
complete -c lazybuild -n '__fish_seen_subcommand_from prefetch' -l verified-repodata -d 'Make missing RPM repodata from the whole RPMs with createrepo_c, not from their headers'
complete -c lazybuild -n '__fish_seen_subcommand_from prefetch' -l platform -x -d 'The build\'s platform, as podman build takes it'
complete -c lazybuild -n '__fish_seen_subcommand_from prefetch' -l arch -x -d 'The build\'s architecture, as podman build --arch takes it'
complete -c lazybuild -n '__fish_seen_subcommand_from prefetch' -s q -l quiet -d 'Print only errors and the data asked for'
complete -c lazybuild -n '__fish_seen_subcommand_from prefetch' -l no-progress -d 'Do not draw progress bars'
complete -c lazybuild -n '__fish_seen_subcommand_from prefetch' -l jobs -x -d 'Downloads at once'
complete -c lazybuild -n '__fish_seen_subcommand_from prefetch' -l sbom -r -F -d 'Also write a CycloneDX 1.6 SBOM of every component the lockfiles declare'
complete -c lazybuild -n '__fish_seen_subcommand_from prefetch' -l output -r -F -d 'Also write what a Konflux build sees after Hermeto into DIR, as plain files'
complete -c lazybuild -n '__fish_seen_subcommand_from prefetch' -s h -l help -d 'Show this help message and exit'
complete -c lazybuild -n '__fish_seen_subcommand_from prefetch' -s V -l version -d 'Print version information and exit'
complete -c lazybuild -n '__fish_seen_subcommand_from prefetch' -l verbose -d 'Print stack traces and debugging detail on errors'
complete -c lazybuild -n '__fish_seen_subcommand_from prefetch' -l config -r -F -d 'A config file whose settings win over the user\'s config and the context\'s lazybuild.toml'
complete -c lazybuild -n '__fish_seen_subcommand_from prefetch' -r -F -d 'CONTEXT'

# lazybuild cache
complete -c lazybuild -n '__fish_seen_subcommand_from cache; and not __fish_seen_subcommand_from ls stats verify gc' -s h -l help -d 'Show this help message and exit'
complete -c lazybuild -n '__fish_seen_subcommand_from cache; and not __fish_seen_subcommand_from ls stats verify gc' -s V -l version -d 'Print version information and exit'
complete -c lazybuild -n '__fish_seen_subcommand_from cache; and not __fish_seen_subcommand_from ls stats verify gc' -l verbose -d 'Print stack traces and debugging detail on errors'
complete -c lazybuild -n '__fish_seen_subcommand_from cache; and not __fish_seen_subcommand_from ls stats verify gc' -l config -r -F -d 'A config file whose settings win over the user\'s config and the context\'s lazybuild.toml'
complete -c lazybuild -n '__fish_seen_subcommand_from cache; and not __fish_seen_subcommand_from ls stats verify gc' -a ls -d 'List cached files'
complete -c lazybuild -n '__fish_seen_subcommand_from cache; and not __fish_seen_subcommand_from ls stats verify gc' -a stats -d 'Totals: files and bytes, overall and by digest algorithm, and files served per tier'
complete -c lazybuild -n '__fish_seen_subcommand_from cache; and not __fish_seen_subcommand_from ls stats verify gc' -a verify -d 'Re-hash every cached file and remove those whose content does not match their digest'
complete -c lazybuild -n '__fish_seen_subcommand_from cache; and not __fish_seen_subcommand_from ls stats verify gc' -a gc -d 'Remove cached files, least recently used first, keeping those running builds may serve'

# lazybuild cache ls
complete -c lazybuild -n '__fish_seen_subcommand_from cache; and __fish_seen_subcommand_from ls' -l cache-dir -r -F -d 'The shared cache'
complete -c lazybuild -n '__fish_seen_subcommand_from cache; and __fish_seen_subcommand_from ls' -l json -d 'One JSON array of {digest, size, lastUse, path}, then {repodata, size, lastUse, path}'
complete -c lazybuild -n '__fish_seen_subcommand_from cache; and __fish_seen_subcommand_from ls' -s h -l help -d 'Show this help message and exit'
complete -c lazybuild -n '__fish_seen_subcommand_from cache; and __fish_seen_subcommand_from ls' -s V -l version -d 'Print version information and exit'
complete -c lazybuild -n '__fish_seen_subcommand_from cache; and __fish_seen_subcommand_from ls' -l verbose -d 'Print stack traces and debugging detail on errors'
complete -c lazybuild -n '__fish_seen_subcommand_from cache; and __fish_seen_subcommand_from ls' -l config -r -F -d 'A config file whose settings win over the user\'s config and the context\'s lazybuild.toml'

# lazybuild cache stats
complete -c lazybuild -n '__fish_seen_subcommand_from cache; and __fish_seen_subcommand_from stats' -l cache-dir -r -F -d 'The shared cache'
complete -c lazybuild -n '__fish_seen_subcommand_from cache; and __fish_seen_subcommand_from stats' -l json -d 'One JSON object: {root, files, bytes, byAlgorithm: {sha256: {files, bytes}}, repodata: {entries, bytes}, tiers: {host.hits, team.hits, ..., upstream.downloads, upstream.requests, ...}}'
complete -c lazybuild -n '__fish_seen_subcommand_from cache; and __fish_seen_subcommand_from stats' -s h -l help -d 'Show this help message and exit'
complete -c lazybuild -n '__fish_seen_subcommand_from cache; and __fish_seen_subcommand_from stats' -s V -l version -d 'Print version information and exit'
complete -c lazybuild -n '__fish_seen_subcommand_from cache; and __fish_seen_subcommand_from stats' -l verbose -d 'Print stack traces and debugging detail on errors'
complete -c lazybuild -n '__fish_seen_subcommand_from cache; and __fish_seen_subcommand_from stats' -l config -r -F -d 'A config file whose settings win over the user\'s config and the context\'s lazybuild.toml'

# lazybuild cache verify
complete -c lazybuild -n '__fish_seen_subcommand_from cache; and __fish_seen_subcommand_from verify' -l cache-dir -r -F -d 'The shared cache'
complete -c lazybuild -n '__fish_seen_subcommand_from cache; and __fish_seen_subcommand_from verify' -s h -l help -d 'Show this help message and exit'
complete -c lazybuild -n '__fish_seen_subcommand_from cache; and __fish_seen_subcommand_from verify' -s V -l version -d 'Print version information and exit'
complete -c lazybuild -n '__fish_seen_subcommand_from cache; and __fish_seen_subcommand_from verify' -l verbose -d 'Print stack traces and debugging detail on errors'
complete -c lazybuild -n '__fish_seen_subcommand_from cache; and __fish_seen_subcommand_from verify' -l config -r -F -d 'A config file whose settings win over the user\'s config and the context\'s lazybuild.toml'

# lazybuild cache gc
complete -c lazybuild -n '__fish_seen_subcommand_from cache; and __fish_seen_subcommand_from gc' -l cache-dir -r -F -d 'The shared cache'
complete -c lazybuild -n '__fish_seen_subcommand_from cache; and __fish_seen_subcommand_from gc' -l max-size -x -d 'The size to shrink the cache to, e.g'
complete -c lazybuild -n '__fish_seen_subcommand_from cache; and __fish_seen_subcommand_from gc' -l older-than -x -d 'Remove files unused for longer than this, e.g'
complete -c lazybuild -n '__fish_seen_subcommand_from cache; and __fish_seen_subcommand_from gc' -s h -l help -d 'Show this help message and exit'
complete -c lazybuild -n '__fish_seen_subcommand_from cache; and __fish_seen_subcommand_from gc' -s V -l version -d 'Print version information and exit'
complete -c lazybuild -n '__fish_seen_subcommand_from cache; and __fish_seen_subcommand_from gc' -l verbose -d 'Print stack traces and debugging detail on errors'
complete -c lazybuild -n '__fish_seen_subcommand_from cache; and __fish_seen_subcommand_from gc' -l config -r -F -d 'A config file whose settings win over the user\'s config and the context\'s lazybuild.toml'

# lazybuild completion
complete -c lazybuild -n '__fish_seen_subcommand_from completion' -s h -l help -d 'Show this help message and exit'
complete -c lazybuild -n '__fish_seen_subcommand_from completion' -s V -l version -d 'Print version information and exit'
complete -c lazybuild -n '__fish_seen_subcommand_from completion' -l verbose -d 'Print stack traces and debugging detail on errors'
complete -c lazybuild -n '__fish_seen_subcommand_from completion' -l config -r -F -d 'A config file whose settings win over the user\'s config and the context\'s lazybuild.toml'
complete -c lazybuild -n '__fish_seen_subcommand_from completion' -x -a 'bash zsh fish' -d 'SHELL'

# lazybuild doctor
complete -c lazybuild -n '__fish_seen_subcommand_from doctor' -l cache-dir -r -F -d 'The shared cache'
complete -c lazybuild -n '__fish_seen_subcommand_from doctor' -s h -l help -d 'Show this help message and exit'
complete -c lazybuild -n '__fish_seen_subcommand_from doctor' -s V -l version -d 'Print version information and exit'
complete -c lazybuild -n '__fish_seen_subcommand_from doctor' -l verbose -d 'Print stack traces and debugging detail on errors'
complete -c lazybuild -n '__fish_seen_subcommand_from doctor' -l config -r -F -d 'A config file whose settings win over the user\'s config and the context\'s lazybuild.toml'

# lazybuild help
complete -c lazybuild -n '__fish_seen_subcommand_from help' -s h -l help -d 'Show usage help for the help command and exit'
complete -c lazybuild -n '__fish_seen_subcommand_from help' -l verbose -d 'Print stack traces and debugging detail on errors'
complete -c lazybuild -n '__fish_seen_subcommand_from help' -l config -r -F -d 'A config file whose settings win over the user\'s config and the context\'s lazybuild.toml'
complete -c lazybuild -n '__fish_seen_subcommand_from help' -x -a 'build plan prefetch cache completion doctor help' -d 'COMMAND'
