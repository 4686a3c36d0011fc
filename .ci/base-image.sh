#!/usr/bin/env bash
# Builds the base image the end-to-end tests run their Dockerfiles on: Debian bookworm
# (debootstrap minbase) with python3-pip/venv, npm, dnf and rpm, imported with `podman import`,
# plus Go 1.23 from bookworm-backports (bookworm's own golang-go is 1.19) as one more layer.
# No image registry is reachable from CI, so the image is made from Debian's packages.
# Safe to run concurrently (flock) and twice (kept when present).
set -euo pipefail
IMAGE=${LAZYBUILD_TEST_IMAGE:-localhost/lazybuild-test-base:bookworm}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
LOCK=/var/tmp/lazybuild-base-image.lock

exec 9>"$LOCK"
flock 9
# Go, as a layer over the imported image: an image made before Go was added gets it too.
add_go() {
  if [ "$(podman image inspect --format '{{ index .Config.Labels "lazybuild.go" }}' "$IMAGE" 2>/dev/null)" = "1.23" ]; then
    return
  fi
  echo "adding Go 1.23 (bookworm-backports) to $IMAGE"
  local ctx
  ctx=$(mktemp -d /var/tmp/lazybuild-go-layer.XXXXXX)
  printf '%s\n' "FROM $IMAGE" \
    "RUN printf 'deb $MIRROR bookworm-backports main\\n' > /etc/apt/sources.list.d/backports.list \\" \
    " && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends golang-1.23-go \\" \
    " && ln -sf /usr/lib/go-1.23/bin/go /usr/local/bin/go && apt-get clean && rm -rf /var/lib/apt/lists/*" \
    "LABEL lazybuild.go=1.23" > "$ctx/Containerfile"
  podman build --runtime runc -t "$IMAGE" "$ctx" >/var/tmp/lazybuild-go-layer.log 2>&1 \
    || { rm -rf "$ctx"; tail -20 /var/tmp/lazybuild-go-layer.log; exit 1; }
  rm -rf "$ctx"
}
if podman image exists "$IMAGE"; then
  add_go
  echo "base image $IMAGE present"
  exit 0
fi
root=$(mktemp -d /var/tmp/lazybuild-rootfs.XXXXXX)
trap 'rm -rf "$root"' EXIT
# mktemp makes it 0700, and the tar's "./" entry carries that mode into the image's /, which
# a non-root USER in a rootless (vfs) build then cannot traverse.
chmod 0755 "$root"
echo "debootstrap into $root (takes a few minutes)"
debootstrap --variant=minbase --include=python3-pip,python3-venv,dnf,rpm,ca-certificates \
  bookworm "$root" "$MIRROR" >/var/tmp/lazybuild-debootstrap.log 2>&1 \
  || { tail -20 /var/tmp/lazybuild-debootstrap.log; exit 1; }
# npm cannot go in --include: its dependencies fail to configure inside debootstrap.
mount -t proc proc "$root/proc"
chroot "$root" sh -c 'DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends npm' \
  >>/var/tmp/lazybuild-debootstrap.log 2>&1 || { umount "$root/proc"; tail -20 /var/tmp/lazybuild-debootstrap.log; exit 1; }
umount "$root/proc"
chroot "$root" apt-get clean
mkdir -p "$root/etc/dnf/vars"
echo 9 > "$root/etc/dnf/vars/releasever"
tar -C "$root" -c . | podman import - "$IMAGE" >/dev/null
add_go
echo "base image $IMAGE imported"
