#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Installs the traced iavf on a real host with DKMS: copies the driver from
# a kernel source tree matching the running kernel, applies the series of
# that driver's generation, and registers, builds and installs it.
#
# The generation is read from the tree's iavf.h, never from a version:
#   enum iavf_vlan_state_t has IAVF_VLAN_ADDING       -> patches/ (fixed
#     machine: 6.12.y, 6.1.176 and later)
#   has IAVF_VLAN_IS_NEW and IAVF_VLAN_DISABLE        -> patches-6.1/
#     (unfixed machine: 6.1.170)
#   anything else (bool add/remove, is_new_vlan bitfields, ...) is refused.
#
# Usage: kernel/dkms-install.sh [options] KERNEL_SOURCE_TREE
#   --build-only           dkms build, do not install
#   -k KREL                kernel release to build for (dkms -k)
#   --kernelsourcedir DIR  its headers (dkms --kernelsourcedir)
#   --sourcetree DIR       where the patched source goes (default /usr/src)
#   --dkmstree DIR         DKMS tree (default dkms's, /var/lib/dkms)
# The last four let a build run without touching the host (kernel/test_dkms.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
usage="usage: $0 [--build-only] [-k KREL] [--kernelsourcedir DIR] [--sourcetree DIR] [--dkmstree DIR] KERNEL_SOURCE_TREE"
action=install srctree=/usr/src dkms_opts=() src=
while [ $# -gt 0 ]; do
	case $1 in
	--build-only) action=build ;;
	-k) dkms_opts+=(-k "${2:?$usage}"); shift ;;
	--kernelsourcedir) dkms_opts+=(--kernelsourcedir "${2:?$usage}"); shift ;;
	--dkmstree) dkms_opts+=(--dkmstree "${2:?$usage}"); shift ;;
	--sourcetree) srctree=${2:?$usage}; dkms_opts+=(--sourcetree "$2"); shift ;;
	-*) echo "$usage" >&2; exit 1 ;;
	*) src=$1 ;;
	esac
	shift
done
[ -n "$src" ] || { echo "$usage" >&2; exit 1; }
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$here/dkms.conf")
dst=$srctree/iavf-vlantrace-$ver
drv=drivers/net/ethernet/intel/iavf
command -v dkms >/dev/null || { echo "dkms-install: install the dkms package first" >&2; exit 1; }
[ -f "$src/$drv/iavf.h" ] || { echo "dkms-install: $src/$drv/iavf.h not found" >&2; exit 1; }

# The VLAN filter states of the tree's driver, from enum iavf_vlan_state_t.
states=$(sed -n '/^enum iavf_vlan_state_t {/,/^};/p' "$src/$drv/iavf.h")
if grep -qw IAVF_VLAN_ADDING <<<"$states"; then
	series=patches
elif grep -qw IAVF_VLAN_IS_NEW <<<"$states" && grep -qw IAVF_VLAN_DISABLE <<<"$states"; then
	series=patches-6.1
else
	echo "dkms-install: $src/$drv/iavf.h: unsupported VLAN filter layout (no enum iavf_vlan_state_t with IAVF_VLAN_ADDING, or with IAVF_VLAN_IS_NEW and IAVF_VLAN_DISABLE; older drivers use bool add/remove or is_new_vlan bitfields)" >&2
	exit 1
fi
echo "dkms-install: $src: $(grep -cE '^[[:space:]]+IAVF_VLAN_[A-Z_]+' <<<"$states") VLAN states, series kernel/$series"

rm -rf "$dst" && mkdir -p "$dst/$(dirname $drv)"
cp -r "$src/$drv" "$dst/$drv"
while read -r p; do
	patch -s -p1 -d "$dst" --no-backup-if-mismatch <"$here/$series/$p" ||
		{ echo "dkms-install: kernel/$series/$p does not apply to $src" >&2; exit 1; }
done <"$here/$series/series"
cp "$here/dkms.conf" "$dst/"
dkms add "${dkms_opts[@]}" -m iavf-vlantrace -v "$ver"
dkms "$action" "${dkms_opts[@]}" -m iavf-vlantrace -v "$ver"
if [ "$action" = install ]; then
	echo "dkms-install: installed; reload with: modprobe -r iavf && modprobe iavf"
fi
