#!/usr/bin/env bash
# Installs lazybuild: system prerequisites (with apt-get or dnf, only what is missing), the
# jar built from this checkout, the `lazybuild` command on PATH, its shell completions
# (bash, zsh, fish) and man pages. Safe to run twice: it replaces what it installed before.
#
#   ./install.sh                 prerequisites + build + install (PREFIX=/usr/local as root, ~/.local otherwise)
#   ./install.sh --deps-only     prerequisites only
#   ./install.sh --test-deps     also what the test suite needs (debootstrap, dnf, rpm-build, bindfs, zsh, fish, Go, ...;
#                                podman 5 in a Debian trixie chroot where the host's podman is older than 4.8)
#   ./install.sh --no-deps       skip the prerequisites (no package manager is run)
#   ./install.sh --no-build      install the jar already built (cli/target/lazybuild.jar, or $LAZYBUILD_JAR)
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"

deps_only=false
test_deps=false
deps=true
build=true
for a in "$@"; do
  case "$a" in
    --deps-only) deps_only=true ;;
    --test-deps) test_deps=true ;;
    --no-deps) deps=false ;;
    --no-build) build=false ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $a" >&2; exit 2 ;;
  esac
done

if [ "$(id -u)" = 0 ]; then SUDO=""; PREFIX=${PREFIX:-/usr/local}; else SUDO="sudo"; PREFIX=${PREFIX:-$HOME/.local}; fi

# What lazybuild needs to run, then what its tests need, as Debian and Fedora name them.
# createrepo_c is optional for running (RPM repodata is written from the RPMs' headers; only
# --verified-repodata runs it) and needed by the tests, which compare the two.
DEB_RUN="openjdk-17-jdk-headless maven podman runc fuse3 libfuse2 uidmap bash-completion"
DEB_TEST="createrepo-c debootstrap mmdebstrap rpm dnf bindfs python3-pip-whl curl gnupg man-db zsh fish busybox-static"
RPM_RUN="java-17-openjdk-devel maven podman runc fuse fuse-libs shadow-utils bash-completion"
RPM_TEST="createrepo_c debootstrap rpm-build rpm-sign dnf bindfs python3-pip-wheel curl gnupg2 man-db zsh fish busybox golang"

# Go for the Go-module tests. Debian 12's golang-go is 1.19, too old for today's go.mod files;
# its bookworm-backports suite has golang-1.23-go (in /usr/lib/go-1.23/bin, where the tests look).
deb_go() {
  local codename mirror
  codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
  if [ "$codename" != bookworm ]; then echo golang-go; return; fi
  if ! grep -rqs bookworm-backports /etc/apt/sources.list /etc/apt/sources.list.d/; then
    mirror=$(grep -rhoE 'https?://[^ ]+/debian' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null | head -1)
    echo "deb ${mirror:-http://deb.debian.org/debian} bookworm-backports main" \
      | $SUDO tee /etc/apt/sources.list.d/bookworm-backports.list >/dev/null
  fi
  echo golang-1.23-go
}
missing_deb() { for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"; done; }
missing_rpm() { for p in "$@"; do rpm -q "$p" >/dev/null 2>&1 || echo "$p"; done; }

if ! $deps; then
  :
elif command -v apt-get >/dev/null; then
  want=$DEB_RUN; $test_deps && want="$want $DEB_TEST $(deb_go)"
  # shellcheck disable=SC2086
  todo=$(missing_deb $want | tr '\n' ' ')
  if [ -n "${todo// }" ]; then
    echo "installing: $todo"
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $todo >/dev/null
  fi
elif command -v dnf >/dev/null; then
  want=$RPM_RUN; $test_deps && want="$want $RPM_TEST"
  # shellcheck disable=SC2086
  todo=$(missing_rpm $want | tr '\n' ' ')
  # shellcheck disable=SC2086
  [ -n "${todo// }" ] && { echo "installing: $todo"; $SUDO dnf install -y -q $todo; }
else
  echo "install.sh: neither apt-get nor dnf found; install by hand: java 17, maven, podman, runc, fuse3, libfuse2 (and createrepo_c for --verified-repodata)" >&2
fi

# Heredoc Containerfiles (RUN <<EOF, as in every Konflux Dockerfile of notebooks) need podman 4.8 or
# later, whose tests run on the host's podman where it is that new; Debian 12's is 4.3.1, so there the
# tests get podman 5 from a Debian trixie chroot (minutes the first time, seconds afterwards).
if $deps && $test_deps && command -v apt-get >/dev/null; then
  podman_version=$(podman --version | grep -oE '[0-9]+\.[0-9]+' | head -1)
  if [ "$(printf '%s\n' 4.8 "$podman_version" | sort -V | head -1)" != 4.8 ]; then
    $SUDO .ci/podman5-chroot.sh
  fi
fi

$deps_only && exit 0

jar=${LAZYBUILD_JAR:-cli/target/lazybuild.jar}
if $build; then
  mvn -B -q -ntp -DskipTests package
  jar=cli/target/lazybuild.jar
elif [ ! -f "$jar" ]; then
  echo "install.sh: --no-build, but $jar does not exist; run without --no-build" >&2; exit 2
fi
install -d "$PREFIX/bin" "$PREFIX/lib/lazybuild"
install -m 0644 "$jar" "$PREFIX/lib/lazybuild/lazybuild.jar"
install -m 0755 bin/lazybuild "$PREFIX/lib/lazybuild/lazybuild"
install -m 0755 bin/make-class-archive "$PREFIX/lib/lazybuild/make-class-archive"
ln -sfn "$PREFIX/lib/lazybuild/lazybuild" "$PREFIX/bin/lazybuild"
# The class-data-sharing archive the launcher uses (a faster start); a JDK upgrade needs a
# new one: run $PREFIX/lib/lazybuild/make-class-archive again (or this script).
"$PREFIX/lib/lazybuild/make-class-archive" "$PREFIX/lib/lazybuild/lazybuild.jar" >/dev/null || true
# Where each shell looks for completions by itself: bash-completion and fish (vendor) read
# $PREFIX/share; zsh reads /usr/local/share/zsh/site-functions (another PREFIX: add it to fpath).
install -d "$PREFIX/share/bash-completion/completions" "$PREFIX/share/zsh/site-functions" \
  "$PREFIX/share/fish/vendor_completions.d" "$PREFIX/share/man/man1"
install -m 0644 completions/lazybuild.bash "$PREFIX/share/bash-completion/completions/lazybuild"
install -m 0644 completions/_lazybuild "$PREFIX/share/zsh/site-functions/_lazybuild"
install -m 0644 completions/lazybuild.fish "$PREFIX/share/fish/vendor_completions.d/lazybuild.fish"
rm -f "$PREFIX"/share/man/man1/lazybuild.1 "$PREFIX"/share/man/man1/lazybuild-*.1  # pages of removed commands
install -m 0644 man/*.1 "$PREFIX/share/man/man1/"
echo "installed lazybuild $("$PREFIX/bin/lazybuild" --version | head -1 | cut -d' ' -f2) in $PREFIX/bin"
case ":$PATH:" in
  *":$PREFIX/bin:"*) ;;
  *) echo "add $PREFIX/bin to PATH, e.g.: echo 'export PATH=\"$PREFIX/bin:\$PATH\"' >> ~/.bashrc" ;;
esac
# Say so where a shell will not find its completion by itself.
[ -f /usr/share/bash-completion/bash_completion ] || \
  echo "bash completion needs the bash-completion package (or: source $PREFIX/share/bash-completion/completions/lazybuild)"
if command -v zsh >/dev/null && ! zsh -fc 'print -l $fpath' | grep -qx "$PREFIX/share/zsh/site-functions"; then
  echo "zsh: add to ~/.zshrc before compinit: fpath=($PREFIX/share/zsh/site-functions \$fpath)"
fi
if command -v fish >/dev/null && ! fish -c 'string join \n $fish_complete_path' | grep -qx "$PREFIX/share/fish/vendor_completions.d"; then
  echo "fish: add to ~/.config/fish/config.fish: set -p fish_complete_path $PREFIX/share/fish/vendor_completions.d"
fi
echo "new shells complete 'lazybuild <TAB>'; 'man lazybuild' describes every command"
