#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The before/after table: the suite on several lab kernels, one boot each,
# then the cases as rows and the drivers as columns (matrix_table.py), with
# each failure's finding (kind, VID, the driver's state name).
#
# Usage: selftests/matrix.sh [SELECTOR...]    (default: the 52 and race)
# Environment: MATRIX_KERNELS (default "6.1.170-stock 6.1.176-stock
#   6.12-stock 6.12-traced"), BUILD. Outputs in build/matrix/: one folder
#   per kernel (ktap.txt, artefacts), table.txt, table.md.
# Exit: 0 when every kernel's suite ran (failures are the table's content),
#   2 when one could not run.
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
OUT=$BUILD/matrix
KERNELS=${MATRIX_KERNELS:-6.1.170-stock 6.1.176-stock 6.12-stock 6.12-traced}
SEL=("$@")
[ ${#SEL[@]} -gt 0 ] || SEL=(1-52 race)

mkdir -p "$OUT"
# One QEMU for every column, even if the lab is rebuilt meanwhile.
QEMU=${QEMU:-$(cat "$BUILD/lab/qemu.path" 2>/dev/null)}
[ -x "$QEMU" ] || { echo "matrix.sh: no lab QEMU (make lab)" >&2; exit 2; }
export QEMU
args=()
for k in $KERNELS; do
	dir=$OUT/$k
	mkdir -p "$dir"
	echo "# matrix: $k: setting up" >&2
	if ! make -s --no-print-directory -C "$ROOT" setup kernel LAB_KERNEL="$k" >"$dir/build.log" 2>&1; then
		tail -n 5 "$dir/build.log" >&2
		echo "matrix.sh: kernel $k could not be set up (see $dir/build.log)" >&2
		exit 2
	fi
	echo "# matrix: $k: running the suite" >&2
	t0=$(date +%s)
	LAB_KERNEL=$k ARTDIR=$dir BUILD=$BUILD "$HERE/lab_suite.sh" "${SEL[@]}" >"$dir/ktap.txt" 2>"$dir/stderr.txt"
	rc=$?
	t1=$(date +%s)
	echo "$((t1 - t0))" >"$dir/seconds"
	tail -n 1 "$dir/ktap.txt" >&2
	case "$rc" in
	0|1|4) ;;
	*) echo "matrix.sh: the suite could not run on $k (status $rc, see $dir)" >&2; exit 2 ;;
	esac
	args+=("$k=$dir")
done
python3 "$HERE/matrix_table.py" --md "$OUT/table.md" "${args[@]}" | tee "$OUT/table.txt"
