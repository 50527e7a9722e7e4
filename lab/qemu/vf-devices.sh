#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Prints the QEMU arguments for N emulated VFs of PF pf0, each behind its own
# pcie-root-port; VF i gets MAC PREFIX<i> (default prefix 02:1a:00:00:00:1,
# so 02:1a:00:00:00:10, ...:11). Callers add the PF's control function
# (-device iavf-pfctl,pf=pf0[,chardev=ID]) where they need it.
#
# --vlan (default: $LAB_VF_VLAN) gives the VLAN caps the PF offers each VF:
# v1 (VIRTCHNL_VF_OFFLOAD_VLAN only) or v2 (the default); one value for all
# VFs or a comma list by VF number (e.g. v1,v2).
#
# Usage: lab/qemu/vf-devices.sh [--mac-prefix PREFIX] [--vlan v1|v2|LIST] [N]
#        (N defaults to 2, at most 10)
set -euo pipefail
prefix=02:1a:00:00:00:1
vlan=${LAB_VF_VLAN:-}
while [ $# -gt 0 ]; do
	case "$1" in
	--mac-prefix) prefix=${2:?--mac-prefix needs a value}; shift 2 ;;
	--vlan) vlan=${2:?--vlan needs a value}; shift 2 ;;
	*) break ;;
	esac
done
n=${1:-2}
case "$n" in [1-9]|10) ;; *) echo "vf-devices.sh: N must be 1..10, not '$n'" >&2; exit 64 ;; esac
IFS=, read -r -a vlans <<<"$vlan"
for v in "${vlans[@]}"; do
	case "$v" in v1|v2) ;; *) echo "vf-devices.sh: --vlan takes v1 or v2, not '$v'" >&2; exit 64 ;; esac
done
args=
for ((i = 0; i < n; i++)); do
	args+="${args:+ }-device pcie-root-port,id=rp$i,chassis=$((i + 1))"
	args+=" -device iavf-vf,bus=rp$i,pf=pf0,vf=$i,mac=$prefix$i"
	# one value applies to every VF; a list gives each VF its own
	if [ ${#vlans[@]} = 1 ]; then
		args+=",vlan=${vlans[0]}"
	elif [ $i -lt ${#vlans[@]} ]; then
		args+=",vlan=${vlans[$i]}"
	fi
done
echo "$args"
