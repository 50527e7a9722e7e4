#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Prints the QEMU arguments for N emulated VFs of PF pf0, each behind its own
# pcie-root-port; VF i gets MAC PREFIX<i> (default prefix 02:1a:00:00:00:1,
# so 02:1a:00:00:00:10, ...:11). Callers add the PF's control function
# (-device iavf-pfctl,pf=pf0[,chardev=ID]) where they need it.
#
# Usage: lab/qemu/vf-devices.sh [--mac-prefix PREFIX] [N]   (N defaults to 2, at most 10)
set -euo pipefail
prefix=02:1a:00:00:00:1
if [ "${1:-}" = --mac-prefix ]; then
	prefix=${2:?--mac-prefix needs a value}
	shift 2
fi
n=${1:-2}
case "$n" in [1-9]|10) ;; *) echo "vf-devices.sh: N must be 1..10, not '$n'" >&2; exit 64 ;; esac
args=
for ((i = 0; i < n; i++)); do
	args+="${args:+ }-device pcie-root-port,id=rp$i,chassis=$((i + 1))"
	args+=" -device iavf-vf,bus=rp$i,pf=pf0,vf=$i,mac=$prefix$i"
done
echo "$args"
