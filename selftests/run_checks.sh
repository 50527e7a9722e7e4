#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs every test program listed in selftests/checks.txt and sums their TAP
# or KTAP results into one closing line "N passed, N failed, N skipped".
# A program that exits non-zero without reporting a failure counts as one
# failure, so a crash is never silent.
#
# Usage: selftests/run_checks.sh [NAME...]   (default: every entry)
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
LIST=$ROOT/selftests/checks.txt
LOGDIR=${CHECK_LOGDIR:-$ROOT/build/check-logs}
mkdir -p "$LOGDIR"

pass=0 fail=0 skip=0
while read -r name cmd; do
	case "$name" in ''|\#*) continue ;; esac
	if [ $# -gt 0 ] && ! printf '%s\n' "$@" | grep -qx "$name"; then
		continue
	fi
	echo "# ==== $name: $cmd"
	log=$LOGDIR/$name.log
	(cd "$ROOT" && bash -c "$cmd") >"$log" 2>&1
	rc=$?
	# TAP/KTAP result lines at any indentation level are counted once: only
	# top-level ones (no leading space) count, subtests are reported by
	# their parent.
	p=$(grep -cE '^ok [0-9]+' "$log" | head -1)
	s=$(grep -cE '^ok [0-9]+.*# *(SKIP|skip)' "$log" | head -1)
	f=$(grep -cE '^not ok [0-9]+' "$log" | head -1)
	grep -E '^(not ok|ok|#)' "$log" | sed "s/^/[$name] /"
	p=$((p - s))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "[$name] not ok - exited with status $rc without a failing case; last lines:"
		tail -n 15 "$log" | sed "s/^/[$name]   /"
		f=1
	fi
	if [ $((p + s + f)) -eq 0 ]; then
		echo "[$name] not ok - reported no test result"
		f=1
	fi
	echo "# ==== $name: $p passed, $f failed, $s skipped (log: $log)"
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
done <"$LIST"

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
