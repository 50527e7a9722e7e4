#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The lab demo (`make demo`): boots Debian's 6.12 kernel in our QEMU with
# two emulated iavf VFs on one ice-like PF, runs lab/demo-guest.sh with the
# monitor live on screen, then prints the audit and the latency report and
# writes the latency SVG to build/demo/latency.svg.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
OUT=$ROOT/build/demo
mkdir -p "$OUT"

make -s -C lab >/dev/null
QEMU=$(cat build/lab/qemu.path)
DEVS="$(lab/qemu/vf-devices.sh 2)"
DEVS+=" -device iavf-pfctl,pf=pf0"

set +e
lab/guest/run.sh --live --timeout 240 --qemu "$QEMU" --qemu-args "$DEVS" \
	--bin build/tools/iavf-vlantrace --bin build/lab/pfctl \
	--file lab/demo-guest.sh:/lab/demo-guest.sh --log "$OUT/console.log" \
	-- sh /lab/demo-guest.sh |
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
