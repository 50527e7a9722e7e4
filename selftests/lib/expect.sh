# SPDX-License-Identifier: GPL-2.0
#
# Known failures of a driver generation. SUITE_EXPECT names a file of lines
#   FUNCTION|REGEX|WHY
# (selftests/expect/LAB_KERNEL.txt; REGEX cannot hold a "|"): the case must fail, and one of its
# "# FAIL: " lines must match the extended REGEX (the audit's finding). Then
# it is "ok N NAME # XFAIL <the matching finding>". A listed case that
# passes, or fails without that finding, is "not ok": the race was not
# forced open, or the audit no longer explains it. Sourced; needs ktap.sh.

# expect_line FN: the file's line for FN (empty when none).
expect_line() {
	[ -n "${SUITE_EXPECT:-}" ] && [ -r "$SUITE_EXPECT" ] || return 0
	grep -v '^#' "$SUITE_EXPECT" | awk -F'|' -v f="$1" '$1 == f { print; exit }'
}

expect_known() {
	[ -n "$(expect_line "$1")" ]
}

# expect_judge FN NAME STATUS CASE_OUT: the KTAP line of a known failure.
expect_judge() {
	local fn=$1 name=$2 rc=$3 out=$4 re why hit

	IFS='|' read -r _ re why <<<"$(expect_line "$fn")"
	if [[ "$why" == *"|"* ]]; then
		diag "expect file: the line of $fn has more than three fields (a | in its regex?)"
		ktap_test_fail "$name"
		return
	fi
	if [ "$rc" = "$KSFT_PASS" ]; then
		diag "expected to fail on this driver ($why), but passed: the window was not forced open"
		ktap_test_fail "$name"
		return
	fi
	if [ "$rc" = "$KSFT_SKIP" ]; then
		ktap_test_result "$name" "$rc" "skipped, so the known failure was not checked"
		return
	fi
	hit=$(sed -n 's/^# FAIL: //p; s/^FAIL: //p' "$out" | grep -E -m1 -- "$re")
	if [ -z "$hit" ]; then
		diag "known failure ($why), but no finding matches /$re/: not explained"
		ktap_test_fail "$name"
		return
	fi
	ktap_test_xfail "$name" "$why: $hit"
}
