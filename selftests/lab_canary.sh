#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The suite's audit must be able to fail a case: in the lab, the canary
# case makes the PF reject a VLAN DEL so the driver keeps an orphan filter
# (ACTIVE, no VLAN device: R4). Our fix for R4 frees such a filter, so the
# canary runs our traced driver without the fixes (KERNEL_FIXES=0). Passes
# when the suite reports that case as "not ok" with the leak among its
# diagnostics. Prints TAP.
#
# Usage: selftests/lab_canary.sh   (builds kernel and lab; tools if it can)
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT

export KERNEL_FIXES=0
if ! make -s --no-print-directory -C "$HERE/.." kernel lab >"$OUT" 2>&1; then
	sed 's/^/# /' "$OUT" | tail -n 20
	echo "not ok 1 - build the traced iavf and the lab"
	exit 1
fi
# The audit that must fail the case is the CLI's.
if ! make -s --no-print-directory -C "$HERE/.." tools >"$OUT" 2>&1; then
	sed 's/^/# /' "$OUT" | tail -n 20
	echo "not ok 1 - build the tools (the audit is iavf-vlantrace's)"
	exit 1
fi

ARTDIR=${ARTDIR:-$HERE/../build/selftests/canary} "$HERE/lab_suite.sh" audit_canary >"$OUT" 2>&1
rc=$?
sed 's/^/# /' "$OUT"
n=0 failed=0
t() {
	n=$((n + 1))
	if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; failed=1; fi
}
t "the suite exits 1 (a case failed), not 2 (lab error)" '[ "$rc" = 1 ]'
t "the canary case is reported not ok" "grep -q '^not ok 1 canary: ' '$OUT'"
t "the driver's reject reached the monitor's view (del_reject)" \
	"! grep -q '^# FAIL: the PF.s rejection of the DEL never reached the driver' '$OUT'"
t "iavf-vlantrace audit -j names the orphan: leaked vid 100" \
	"grep -q '^# FAIL: audit(iavf-vlantrace): leaked .* vid 100 (ACTIVE)' '$OUT'"
echo "1..$n"
exit "$failed"
