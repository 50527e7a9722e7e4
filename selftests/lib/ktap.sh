# SPDX-License-Identifier: GPL-2.0
#
# KTAP output for the suite, after the kernel's kselftest/ktap_helpers.sh:
# a version line, a plan, one result line per case, diagnostics as "# ...",
# totals, and the kselftest exit codes.

KSFT_PASS=0
KSFT_FAIL=1
KSFT_XFAIL=2
KSFT_XPASS=3
KSFT_SKIP=4

KTAP_TESTNO=1
KTAP_CNT_PASS=0
KTAP_CNT_FAIL=0
KTAP_CNT_SKIP=0
KTAP_CNT_XFAIL=0

ktap_print_header() {
	echo "KTAP version 1"
}

ktap_set_plan() {
	echo "1..$1"
}

# ktap_print_msg TEXT...: one diagnostic line per line of TEXT.
ktap_print_msg() {
	local line

	printf '%s\n' "$*" | while IFS= read -r line; do
		echo "# $line"
	done
}

ktap_test_pass() {
	echo "ok $KTAP_TESTNO $*"
	KTAP_TESTNO=$((KTAP_TESTNO + 1))
	KTAP_CNT_PASS=$((KTAP_CNT_PASS + 1))
}

# ktap_test_skip DESC REASON
ktap_test_skip() {
	echo "ok $KTAP_TESTNO $1 # SKIP ${2:-no reason given}"
	KTAP_TESTNO=$((KTAP_TESTNO + 1))
	KTAP_CNT_SKIP=$((KTAP_CNT_SKIP + 1))
}

ktap_test_fail() {
	echo "not ok $KTAP_TESTNO $*"
	KTAP_TESTNO=$((KTAP_TESTNO + 1))
	KTAP_CNT_FAIL=$((KTAP_CNT_FAIL + 1))
}

# ktap_test_xfail DESC REASON: a known failure, detected as expected.
ktap_test_xfail() {
	echo "ok $KTAP_TESTNO $1 # XFAIL $2"
	KTAP_TESTNO=$((KTAP_TESTNO + 1))
	KTAP_CNT_XFAIL=$((KTAP_CNT_XFAIL + 1))
}

# ktap_test_result DESC STATUS [SKIP_REASON]: STATUS is a KSFT_* code.
ktap_test_result() {
	case "$2" in
	"$KSFT_PASS") ktap_test_pass "$1" ;;
	"$KSFT_SKIP") ktap_test_skip "$1" "${3:-}" ;;
	*) ktap_test_fail "$1" ;;
	esac
}

ktap_print_totals() {
	echo "# Totals: pass:$KTAP_CNT_PASS fail:$KTAP_CNT_FAIL xfail:$KTAP_CNT_XFAIL xpass:0 skip:$KTAP_CNT_SKIP error:0"
}

# The suite's exit code: any failure fails; all skipped skips.
ktap_exit_status() {
	if [ "$KTAP_CNT_FAIL" -gt 0 ]; then
		echo "$KSFT_FAIL"
	elif [ "$((KTAP_CNT_PASS + KTAP_CNT_XFAIL))" -eq 0 ] && [ "$KTAP_CNT_SKIP" -gt 0 ]; then
		echo "$KSFT_SKIP"
	else
		echo "$KSFT_PASS"
	fi
}

ktap_finished() {
	ktap_print_totals
	exit "$(ktap_exit_status)"
}
