#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Installs the traced iavf on a real host with DKMS: copies the driver from
# a kernel source tree matching the running kernel, applies patches/series,
# and registers, builds and installs it.
#
# Usage: kernel/dkms-install.sh KERNEL_SOURCE_TREE
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=${1:?usage: $0 KERNEL_SOURCE_TREE (e.g. an unpacked linux-source-6.12)}
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$here/dkms.conf")
dst=/usr/src/iavf-vlantrace-$ver
drv=drivers/net/ethernet/intel/iavf
command -v dkms >/dev/null || { echo "dkms-install: install the dkms package first" >&2; exit 1; }
[ -d "$src/$drv" ] || { echo "dkms-install: $src/$drv not found" >&2; exit 1; }
rm -rf "$dst" && mkdir -p "$dst/$(dirname $drv)"
cp -r "$src/$drv" "$dst/$drv"
while read -r p; do
	patch -s -p1 -d "$dst" <"$here/patches/$p"
done <"$here/patches/series"
cp "$here/dkms.conf" "$dst/"
dkms add -m iavf-vlantrace -v "$ver"
dkms install -m iavf-vlantrace -v "$ver"
echo "dkms-install: installed; reload with: modprobe -r iavf && modprobe iavf"
