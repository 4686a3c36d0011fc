#!/usr/bin/env bash
# Builds the base image the end-to-end tests run their Dockerfiles on: Debian bookworm
# (debootstrap minbase) with python3-pip/venv, npm, dnf and rpm, imported with `podman import`.
# No image registry is reachable from CI, so the image is made from Debian's packages.
# Safe to run concurrently (flock) and twice (kept when present).
set -euo pipefail
IMAGE=${LAZYBUILD_TEST_IMAGE:-localhost/lazybuild-test-base:bookworm}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
LOCK=/var/tmp/lazybuild-base-image.lock

exec 9>"$LOCK"
flock 9
if podman image exists "$IMAGE"; then
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
echo "base image $IMAGE imported"
