#!/usr/bin/env bash
# Installs lazybuild: system prerequisites (with apt-get or dnf, only what is missing), the
# jar built from this checkout, and the `lazybuild` command on PATH. Safe to run twice.
#
#   ./install.sh                 prerequisites + build + install (PREFIX=/usr/local as root, ~/.local otherwise)
#   ./install.sh --deps-only     prerequisites only
#   ./install.sh --test-deps     also what the test suite needs (debootstrap, dnf, rpm-build, bindfs, ...)
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"

deps_only=false
test_deps=false
for a in "$@"; do
  case "$a" in
    --deps-only) deps_only=true ;;
    --test-deps) test_deps=true ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $a" >&2; exit 2 ;;
  esac
done

if [ "$(id -u)" = 0 ]; then SUDO=""; PREFIX=${PREFIX:-/usr/local}; else SUDO="sudo"; PREFIX=${PREFIX:-$HOME/.local}; fi

# What lazybuild needs to run, then what its tests need, as Debian and Fedora name them.
DEB_RUN="openjdk-17-jdk-headless maven podman runc fuse3 libfuse2 createrepo-c uidmap"
DEB_TEST="debootstrap rpm dnf bindfs python3-pip-whl curl gnupg man-db busybox-static"
RPM_RUN="java-17-openjdk-devel maven podman runc fuse fuse-libs createrepo_c shadow-utils"
RPM_TEST="debootstrap rpm-build rpm-sign dnf bindfs python3-pip-wheel curl gnupg2 man-db busybox"

missing_deb() { for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"; done; }
missing_rpm() { for p in "$@"; do rpm -q "$p" >/dev/null 2>&1 || echo "$p"; done; }

if command -v apt-get >/dev/null; then
  want=$DEB_RUN; $test_deps && want="$want $DEB_TEST"
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
  echo "install.sh: neither apt-get nor dnf found; install by hand: java 17, maven, podman, runc, fuse3, libfuse2, createrepo_c" >&2
fi

$deps_only && exit 0

mvn -B -q -ntp -DskipTests package
install -d "$PREFIX/bin" "$PREFIX/lib/lazybuild"
install -m 0644 cli/target/lazybuild.jar "$PREFIX/lib/lazybuild/lazybuild.jar"
install -m 0755 bin/lazybuild "$PREFIX/lib/lazybuild/lazybuild"
ln -sf "$PREFIX/lib/lazybuild/lazybuild" "$PREFIX/bin/lazybuild"
if [ -d completions ]; then
  install -d "$PREFIX/share/bash-completion/completions" "$PREFIX/share/zsh/site-functions" "$PREFIX/share/fish/vendor_completions.d"
  [ -f completions/lazybuild.bash ] && install -m 0644 completions/lazybuild.bash "$PREFIX/share/bash-completion/completions/lazybuild"
  [ -f completions/_lazybuild ] && install -m 0644 completions/_lazybuild "$PREFIX/share/zsh/site-functions/_lazybuild"
  [ -f completions/lazybuild.fish ] && install -m 0644 completions/lazybuild.fish "$PREFIX/share/fish/vendor_completions.d/lazybuild.fish"
fi
if [ -d man ] && ls man/*.1 >/dev/null 2>&1; then
  install -d "$PREFIX/share/man/man1"
  install -m 0644 man/*.1 "$PREFIX/share/man/man1/"
fi
echo "installed lazybuild in $PREFIX/bin (make sure it is on PATH)"
