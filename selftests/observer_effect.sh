#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A tracing tool must not hide the bug it hunts: the race group (forced
# windows) on the unfixed 6.1.170 must give the same outcome with the
# monitor attached in each mode as with no monitor at all. One lab boot
# per mode; every case must be the known failure, explained by the audit
# (EXPECT=1), in every run. Prints TAP.
#
# Usage: selftests/observer_effect.sh
# Environment: OBSERVER_RUNS (default "6.1.170-stock:none
#   6.1.170-stock:fentry"; 6.1.170-traced:tp_btf and :raw_tp work too).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
RUNS=${OBSERVER_RUNS:-6.1.170-stock:none 6.1.170-stock:fentry}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0 failed=0 ref=
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=1; fi; }

for run in $RUNS; do
	k=${run%%:*} mode=${run#*:}
	make -s --no-print-directory -C "$ROOT" setup kernel tools lab LAB_KERNEL="$k" >"$T/build" 2>&1 ||
		{ ok 1 "$k: set up (see make setup kernel tools lab LAB_KERNEL=$k)"; continue; }
	EXPECT=1 LAB_KERNEL=$k SUITE_MONITOR_MODE=$mode ARTDIR=$ROOT/build/observer/$k-$mode \
		"$HERE/lab_suite.sh" race >"$T/out" 2>&1
	grep -E '^(not )?ok [0-9]+ ' "$T/out" | sed 's/ # XFAIL.*/ # XFAIL/' >"$T/res-$run"
	sed 's/^/# /' "$T/res-$run"
	total=$(wc -l <"$T/res-$run")
	x=$(grep -c '# XFAIL$' "$T/res-$run")
	[ "$total" -gt 0 ] && [ "$x" = "$total" ]
	ok $? "$k, monitor $mode: every race case is the known failure, explained by the audit ($x/$total)"
	if [ -z "$ref" ]; then
		ref=$run
	else
		cmp -s "$T/res-$ref" "$T/res-$run"
		ok $? "$k, monitor $mode: the same outcomes as $ref"
	fi
done
echo "1..$n"
exit "$failed"
