#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The lab demo (`make demo`): boots the LAB_KERNEL guest (default Debian's
# 6.12 with our traced iavf) in our QEMU with two emulated iavf VFs on one
# ice-like PF, runs lab/demo-guest.sh with the monitor live on screen, then
# prints the audit and the latency report and writes the latency SVG to
# build/demo/latency.svg.
#
# Usage: lab/demo.sh [--before]
#   --before  Debian 12's unfixed 6.1.170 stock iavf (LAB_KERNEL
#             6.1.170-stock) and lab/demo-before-guest.sh: the seed's race
#             forced open, the zombie caught live (make demo-before).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
OUT=$ROOT/build/demo
SCENARIO=lab/demo-guest.sh
if [ "${1:-}" = --before ]; then
	export LAB_KERNEL=6.1.170-stock
	SCENARIO=lab/demo-before-guest.sh
	OUT=$ROOT/build/demo-before
fi
mkdir -p "$OUT"

make -s -C lab >/dev/null
QEMU=$(cat build/lab/qemu.path)
DEVS="$(lab/qemu/vf-devices.sh 2)"
DEVS+=" -device iavf-pfctl,pf=pf0"

set +e
lab/guest/run.sh --live --timeout 240 --qemu "$QEMU" --qemu-args "$DEVS" \
	--bin build/tools/iavf-vlantrace --bin build/lab/pfctl \
	--file lab/demo-lib.sh:/lab/demo-lib.sh --file "$SCENARIO:/lab/scenario.sh" --log "$OUT/console.log" \
	-- sh /lab/scenario.sh |
	awk -v svg="$OUT/latency.svg" '
		/^@@SVG-BEGIN@@/ { f = 1; printf "" > svg; next }
		/^@@SVG-END@@/ { f = 0; close(svg); next }
		f { print > svg; next }
		{ print; fflush() }'
rc=${PIPESTATUS[0]}
set -e
echo
[ -s "$OUT/latency.svg" ] && echo "demo: latency histograms written to $OUT/latency.svg"
echo "demo: guest console in $OUT/console.log"
exit "$rc"
