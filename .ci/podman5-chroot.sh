#!/usr/bin/env bash
# podman 5 for a Debian host whose own podman is older than 4.8 (Debian 12: podman 4.3.1,
# buildah 1.28), which cannot parse the `RUN <<'EOF'` heredocs of Konflux Containerfiles.
# Sets up a Debian trixie chroot with podman 5 under a fixed path and mounts what lazybuild's
# builds need there, so that lazybuild on the host drives that podman through a wrapper:
#
#   .ci/podman5-chroot.sh [--image IMAGE]... [DIR]...
#   .ci/podman5-chroot.sh --remove
#   LAZYBUILD_PODMAN=/var/lib/lazybuild-ci/trixie-podman LAZYBUILD_RUNTIME_DIR=/run/lazybuild-trixie \
#     lazybuild build --runtime runc ...
#
# --image IMAGE  copies IMAGE from the host's podman into the chroot's (podman save / load),
#                again when the host's image changed.
# DIR            a directory holding build contexts, bound at the same path inside the chroot
#                (always: /tmp, where the tests keep theirs).
# --remove       unmounts and deletes the chroot (never rm -rf it by hand: /tmp is bound inside).
#
# What the chroot sees of the host, all mounted at the same paths:
# - /sys (rbind), /proc, /dev, /dev/pts; its own /dev/shm and /run (tmpfs), so that its podman
#   never shares the host podman's lock memory (/dev/shm/libpod_lock) or run state;
# - ROOT bound onto itself (else image unpacking fails: "remount /");
# - the build contexts' directories, not recursively: other programs' mounts below them are
#   never copied into the chroot, where their unmount would not reach them;
# - the runtime directory lazybuild mounts its FUSE tree and overlays in: a shared mount of its
#   own, seen in the chroot as a slave, so every mount lazybuild makes there appears in the
#   chroot and every unmount leaves it. It is not /run/lazybuild: making that a mount point
#   while other builds have mounts in it would hide or duplicate theirs.
#
# Safe to run twice and concurrently (flock); the first run bootstraps (a few minutes), later
# runs only restore what a reboot removed. Needs root, mmdebstrap or debootstrap, and the mirror apt uses.
set -euo pipefail
BASE=${LAZYBUILD_TRIXIE_BASE:-/var/lib/lazybuild-ci}
ROOT=$BASE/trixie
WRAPPER=$BASE/trixie-podman
RUNTIME=${LAZYBUILD_TRIXIE_RUNTIME:-/run/lazybuild-trixie}
LOG=$BASE/trixie-setup.log
# nftables: podman 5's netavark needs nft for any build that keeps a network.
PACKAGES="podman runc fuse-overlayfs nftables ca-certificates"

images=()
dirs=(/tmp)
remove=false
while [ $# -gt 0 ]; do
  case "$1" in
    --image) images+=("$2"); shift 2 ;;
    --remove) remove=true; shift ;;
    -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
    -*) echo "podman5-chroot.sh: unknown option $1" >&2; exit 2 ;;
    *) dirs+=("$(readlink -f "$1")"); shift ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "podman5-chroot.sh: needs root (it debootstraps and mounts)" >&2; exit 2; }

mkdir -p "$BASE"
exec 9>"$BASE/trixie.lock"
flock 9

# The Debian mirror apt already uses (CI reaches no other), as a sources.list or deb822 line names it.
mirror() {
  grep -rhsE '^[[:space:]]*(deb|URIs:)[[:space:]]' /etc/apt/sources.list /etc/apt/sources.list.d/ \
    | grep -oE 'https?://[^ ]+/debian/?' | grep -v -- '-security' | head -1 | sed 's|/$||' || true
}

in_root() { chroot "$ROOT" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive "$@"; }

bind() {  # SOURCE TARGET [--rbind]: once
  mkdir -p "$2"
  mountpoint -q "$2" || mount "${3:---bind}" "$1" "$2"
}

mount_all() {
  bind "$ROOT" "$ROOT"
  bind /proc "$ROOT/proc"
  bind /sys "$ROOT/sys" --rbind
  mount --make-rslave "$ROOT/sys"
  bind /dev "$ROOT/dev"
  bind /dev/pts "$ROOT/dev/pts"
  mountpoint -q "$ROOT/dev/shm" || mount -t tmpfs -o mode=1777 shm "$ROOT/dev/shm"
  mountpoint -q "$ROOT/run" || mount -t tmpfs -o mode=0755 run "$ROOT/run"
  local d
  for d in "${dirs[@]}"; do
    bind "$d" "$ROOT$d"
  done
  if ! mountpoint -q "$RUNTIME"; then
    mkdir -p -m 0700 "$RUNTIME"
    mount --bind "$RUNTIME" "$RUNTIME"
    mount --make-shared "$RUNTIME"
  fi
  if ! mountpoint -q "$ROOT$RUNTIME"; then
    mkdir -p "$ROOT$RUNTIME"
    mount --bind "$RUNTIME" "$ROOT$RUNTIME"
    mount --make-slave "$ROOT$RUNTIME"
  fi
}

# The chroot is made in a scratch directory and renamed when complete: ROOT exists only finished,
# and nothing is ever mounted under the scratch directory this removes (a failed run's own /proc,
# /sys mounts are skipped by --one-file-system). mmdebstrap where the host has it: it installs
# podman in the same pass, with apt's parallel downloads, about twice as fast as debootstrap
# followed by apt-get; debootstrap otherwise.
bootstrap_root() {
  local m
  m=$(mirror); m=${m:-http://deb.debian.org/debian}
  rm -rf --one-file-system "$ROOT.partial"
  if command -v mmdebstrap >/dev/null; then
    echo "mmdebstrap trixie with podman into $ROOT from $m (a few minutes; log: $LOG)"
    mmdebstrap --variant=minbase --include="${PACKAGES// /,}" --dpkgopt=force-unsafe-io \
      trixie "$ROOT.partial" "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $m trixie main" >"$LOG" 2>&1 || { tail -20 "$LOG"; exit 1; }
    rm -f "$ROOT.partial/etc/dpkg/dpkg.cfg.d/99mmdebstrap"
    touch "$ROOT.partial/.lazybuild-ready"
  else
    echo "debootstrap trixie into $ROOT from $m (a few minutes; log: $LOG)"
    debootstrap --variant=minbase trixie "$ROOT.partial" "$m" >"$LOG" 2>&1 || { tail -20 "$LOG"; exit 1; }
    echo "deb $m trixie main" > "$ROOT.partial/etc/apt/sources.list"
  fi
  mv "$ROOT.partial" "$ROOT"
}

install_podman() {
  # No fsync for every unpacked file: a half-installed chroot is set up again from the start anyway.
  echo force-unsafe-io > "$ROOT/etc/dpkg/dpkg.cfg.d/lazybuild-unsafe-io"
  # shellcheck disable=SC2086
  { in_root apt-get update -q && in_root apt-get install -y -q --no-install-recommends $PACKAGES \
      && in_root apt-get clean; } >>"$LOG" 2>&1 \
    || { tail -20 "$LOG"; exit 1; }
  touch "$ROOT/.lazybuild-ready"
}

write_wrapper() {
  cat > "$WRAPPER.new" <<EOF
#!/bin/bash
# podman 5 of the Debian trixie chroot at $ROOT (made by .ci/podman5-chroot.sh), run from this
# directory when the chroot has it. For LAZYBUILD_PODMAN, with LAZYBUILD_RUNTIME_DIR=$RUNTIME.
root=$ROOT
for a in "\$@"; do
  case "\$prev" in
    --volume|-v) src=\${a%%:*}
      case "\$src" in
        /*) [ -e "\$root\$src" ] || { echo "\$src is not visible to the podman 5 in \$root: lazybuild must run with LAZYBUILD_RUNTIME_DIR=$RUNTIME, the build context under a directory .ci/podman5-chroot.sh binds ($(printf '%s ' "${dirs[@]}"| sed 's/ $//'))" >&2; exit 125; } ;;
      esac ;;
  esac
  prev=\$a
done
dir=\$(pwd)
[ -d "\$root\$dir" ] || dir=/
# podman 5 gives a container nofile and nproc limits of 1048576 unless told otherwise, and raising a
# hard limit above this process's fails ("error setting rlimits ... operation not permitted") where
# the process lacks CAP_SYS_RESOURCE, as in CI sandboxes: ask for the limits this process has.
case "\$1" in
  build|run|create)
    command=\$1; shift
    for limit in nofile:n nproc:u; do
      hard=\$(ulimit -H"\${limit#*:}")
      [ "\$hard" = unlimited ] || set -- --ulimit "\${limit%:*}=\$hard:\$hard" "\$@"
    done
    set -- "\$command" "\$@" ;;
esac
# The host's cgroup hierarchy is what the chroot's podman sees: v1 (hybrid) on Debian 12, which
# podman 5 warns about on every command.
export PODMAN_IGNORE_CGROUPSV1_WARNING=1
exec chroot "\$root" /bin/sh -c 'cd "\$1" && shift && exec podman "\$@"' podman "\$dir" "\$@"
EOF
  chmod 0755 "$WRAPPER.new"
  mv "$WRAPPER.new" "$WRAPPER"
}

# An image from the host's podman, copied when the chroot lacks it or has another one.
load_image() {
  local image=$1 id
  id=$(podman image inspect --format '{{.Id}}' "$image")
  [ "$(in_root podman image inspect --format '{{.Id}}' "$image" 2>/dev/null)" = "$id" ] && return
  echo "copying $image into the trixie chroot"
  podman save "$image" | in_root podman load >>"$LOG" 2>&1 || { tail -20 "$LOG"; exit 1; }
}

if $remove; then
  # Submounts first (umount -R), so that --one-file-system keeps rm inside the chroot's own files;
  # the runtime directory only when no build has a mount in it.
  if mountpoint -q "$ROOT"; then umount -R "$ROOT"; fi
  if mountpoint -q "$RUNTIME" && umount "$RUNTIME" 2>/dev/null; then rmdir "$RUNTIME"; fi
  rm -rf --one-file-system "$ROOT" "$ROOT.partial" "$WRAPPER"
  echo "removed $ROOT"
  exit 0
fi
started=$(date +%s)
[ -d "$ROOT" ] || bootstrap_root
mount_all
[ -f "$ROOT/.lazybuild-ready" ] || install_podman
if [ "$(( $(date +%s) - started ))" -gt 30 ]; then
  echo "trixie chroot with $(in_root podman --version) ready in $(( $(date +%s) - started )) s"
fi
write_wrapper
for i in "${images[@]}"; do load_image "$i"; done
echo "podman 5 in the trixie chroot: LAZYBUILD_PODMAN=$WRAPPER LAZYBUILD_RUNTIME_DIR=$RUNTIME"
