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
complete -c lazybuild -n '__fish_use_subcommand' -a completion -d 'Print the shell completion script for bash, zsh or fish'
complete -c lazybuild -n '__fish_use_subcommand' -a help -d 'Display help information about the specified command'

# lazybuild build
complete -c lazybuild -n '__fish_seen_subcommand_from build' -l lockfile -r -F -d 'A lockfile to use besides those found in the context'
complete -c lazybuild -n '__fish_seen_subcommand_from build' -l cache-dir -r -F -d 'The shared cache'
complete -c lazybuild -n '__fish_seen_subcommand_from build' -l mount-target -x -d 'Where the build sees the prefetch tree'
complete -c lazybuild -n '__fish_seen_subcommand_from build' -l no-yum-repos -d 'Do not mount the generated repos.d at /etc/yum.repos.d'
complete -c lazybuild -n '__fish_seen_subcommand_from build' -l repo-option -x -d 'Set an option in every generated dnf repo section'
complete -c lazybuild -n '__fish_seen_subcommand_from build' -l no-progress -d 'Do not print download progress lines'
complete -c lazybuild -n '__fish_seen_subcommand_from build' -s h -l help -d 'Show this help message and exit'
complete -c lazybuild -n '__fish_seen_subcommand_from build' -s V -l version -d 'Print version information and exit'
complete -c lazybuild -n '__fish_seen_subcommand_from build' -l verbose -d 'Print stack traces and debugging detail on errors'
complete -c lazybuild -n '__fish_seen_subcommand_from build' -l config -r -F -d 'A config file whose settings win over the user\'s config and the context\'s lazybuild.toml'
complete -c lazybuild -n '__fish_seen_subcommand_from build' -F

# lazybuild completion
complete -c lazybuild -n '__fish_seen_subcommand_from completion' -s h -l help -d 'Show this help message and exit'
complete -c lazybuild -n '__fish_seen_subcommand_from completion' -s V -l version -d 'Print version information and exit'
complete -c lazybuild -n '__fish_seen_subcommand_from completion' -l verbose -d 'Print stack traces and debugging detail on errors'
complete -c lazybuild -n '__fish_seen_subcommand_from completion' -l config -r -F -d 'A config file whose settings win over the user\'s config and the context\'s lazybuild.toml'
complete -c lazybuild -n '__fish_seen_subcommand_from completion' -x -a 'bash zsh fish' -d 'SHELL'

# lazybuild help
complete -c lazybuild -n '__fish_seen_subcommand_from help' -s h -l help -d 'Show usage help for the help command and exit'
complete -c lazybuild -n '__fish_seen_subcommand_from help' -l verbose -d 'Print stack traces and debugging detail on errors'
complete -c lazybuild -n '__fish_seen_subcommand_from help' -l config -r -F -d 'A config file whose settings win over the user\'s config and the context\'s lazybuild.toml'
complete -c lazybuild -n '__fish_seen_subcommand_from help' -x -a 'build completion help' -d 'COMMAND'
