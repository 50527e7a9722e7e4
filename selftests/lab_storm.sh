#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The storm property test in the lab (selftests/storm.sh): one case per
# seed, then the disagreement rate over the seeds run.
#
# Usage: selftests/lab_storm.sh [SEED...]   (default: $SEEDS, else 1 2 3)
# Environment: LAB_KERNEL, KERNEL_FIXES (0: the driver without our fixes),
#   STORM_OPS (operations per seed, default 30), and lab_suite.sh's.
# Exit: 0 when every seed agreed, 1 when one disagreed, 2 lab error.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
seeds=${*:-${SEEDS:-1 2 3}}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
STORM_SEEDS="$seeds" "$HERE/lab_suite.sh" storm | tee "$out"
rc=${PIPESTATUS[0]}
n=$(grep -cE '^(not )?ok [0-9]+ storm, seed ' "$out")
bad=$(grep -cE '^not ok [0-9]+ storm, seed ' "$out")
fixes=on
[ "${KERNEL_FIXES:-1}" = 0 ] && fixes=off
echo "# storm (${LAB_KERNEL:-6.12-traced}, our fixes $fixes, ${STORM_OPS:-30} ops a seed, rejected DELs $([ "${STORM_REJECT:-1}" = 1 ] && echo on || echo off)): $n seeds, $bad disagreed: rate $(awk "BEGIN { printf \"%.0f\", $n ? 100 * $bad / $n : 0 }")%"
exit "$rc"
