#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The iavf VLAN filter state suite: the 52 cases of the reference stress
# suite (../shared/spec/seed-suite.md), on two VFs of one PF, each VF in its
# own network namespace, with KTAP output. After every case
# `iavf-vlantrace audit -j` judges the driver's filters against the VLAN
# devices, and the PF's list is checked against the driver's ACTIVE ones
# (the monitor's JSON), so a case leaving a leaked, stuck or lost filter
# fails. Cases: one file per group (state.sh ... storm.sh).
#
# Usage: vlan_state.sh [-l] [SELECTOR...]
#   SELECTOR: a case name ("basic add/remove"), a number (7), a range
#   (24-35), a group (state, reset, ping, dmesg) or a function name
#   (state_basic). Without one: $TESTS (comma separated, or white-space
#   separated groups/numbers), else every case.
#   -l  list the cases (number, group, name) and exit.
#   -c  print the functions the selectors pick and exit (1: no match).
# Environment: PF_BACKEND (hw, lab, fake; see lib/pf.sh) and its variables,
#   TESTS_FILE (a file holding TESTS), ART (artefact directory, default
#   /tmp/iavf-vlan-suite), IVT (path of
#   iavf-vlantrace), STUCK_MS (default 10000), SETTLE_MS (default 15000),
#   SUITE_IPV6=1 to leave IPv6 on in the namespaces (default off),
#   SUITE_EXPECT=FILE: known failures of this driver (lib/expect.sh), each
#   reported as XFAIL only when the audit names the expected finding.
# Exit: 0 all passed, 1 a case failed, 4 everything skipped (kselftest).

SUITE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=selftests/lib/ktap.sh
. "$SUITE_DIR/lib/ktap.sh"
# shellcheck source=selftests/lib/lib.sh
. "$SUITE_DIR/lib/lib.sh"
# shellcheck source=selftests/lib/pf.sh
. "$SUITE_DIR/lib/pf.sh"
# shellcheck source=selftests/lib/trace.sh
. "$SUITE_DIR/lib/trace.sh"
# shellcheck source=selftests/lib/monitor.sh
. "$SUITE_DIR/lib/monitor.sh"
# shellcheck source=selftests/lib/audit.sh
. "$SUITE_DIR/lib/audit.sh"
# shellcheck source=selftests/lib/select.sh
. "$SUITE_DIR/lib/select.sh"
# shellcheck source=selftests/lib/vf.sh
. "$SUITE_DIR/lib/vf.sh"
# shellcheck source=selftests/lib/expect.sh
. "$SUITE_DIR/lib/expect.sh"
# The groups, in case number order: each appends its cases to the table.
# shellcheck source=selftests/state.sh
. "$SUITE_DIR/state.sh"
# shellcheck source=selftests/reset.sh
. "$SUITE_DIR/reset.sh"
# shellcheck source=selftests/ping.sh
. "$SUITE_DIR/ping.sh"
# shellcheck source=selftests/dmesg.sh
. "$SUITE_DIR/dmesg.sh"
# shellcheck source=selftests/canary.sh
. "$SUITE_DIR/canary.sh"
# shellcheck source=selftests/race.sh
. "$SUITE_DIR/race.sh"
# shellcheck source=selftests/residual.sh
. "$SUITE_DIR/residual.sh"
# shellcheck source=selftests/storm.sh
. "$SUITE_DIR/storm.sh"
cases_done

ART=${ART:-/tmp/iavf-vlan-suite}
SETTLE_MS=${SETTLE_MS:-15000}

main() {
	suite_args "$@"
	if [ "$SUITE_LIST" = 1 ]; then
		list_cases
		exit 0
	fi
	suite_pick
	if [ "$SUITE_CHECK" = 1 ]; then
		printf '%s\n' "${SUITE_FNS[@]}"
		exit 0
	fi
	tests_run
}

# suite_args ARGS...: SUITE_LIST (-l), SUITE_CHECK (-c) and the selectors
# SUITE_SEL (the arguments, else $TESTS_FILE's or $TESTS's).
suite_args() {
	SUITE_LIST=0
	SUITE_CHECK=0
	SUITE_SEL=()
	while [ $# -gt 0 ]; do
		case "$1" in
		-l) SUITE_LIST=1 ;;
		-c) SUITE_CHECK=1 ;;
		-h|--help) sed -n '3,25s/^# \{0,1\}//p' "$0"; exit 0 ;;
		*) SUITE_SEL+=("$1") ;;
		esac
		shift
	done
	if [ -n "${TESTS_FILE:-}" ] && [ -r "$TESTS_FILE" ]; then
		TESTS=$(cat "$TESTS_FILE")
	fi
	if [ "${#SUITE_SEL[@]}" -eq 0 ] && [ -n "${TESTS:-}" ]; then
		mapfile -t SUITE_SEL < <(split_tests "$TESTS")
	fi
}

# suite_pick: SUITE_FNS, the functions the selectors pick, in suite
# order; exits 1 when they pick none or one is unknown.
suite_pick() {
	local out

	SUITE_FNS=()
	out=$(select_cases "${SUITE_SEL[@]}") || exit "$KSFT_FAIL"
	[ -n "$out" ] && mapfile -t SUITE_FNS <<<"$out"
	[ "${#SUITE_FNS[@]}" -gt 0 ] || { echo "vlan_state.sh: no case matches: ${SUITE_SEL[*]}" >&2; exit "$KSFT_FAIL"; }
}

# tests_run: the KTAP header, the suite's setup, every picked case, the
# totals; exits with the kselftest status.
tests_run() {
	local fn t0 t1

	ktap_print_header
	ktap_set_plan "${#SUITE_FNS[@]}"
	t0=$(now_ms)
	mkdir -p "$ART"
	trap 'defer_scopes_cleanup' EXIT
	defer_scope_push
	if ! suite_setup; then
		for fn in "${SUITE_FNS[@]}"; do
			ktap_test_skip "$(case_name "$fn")" "suite setup failed: $SETUP_WHY"
		done
		ktap_finished
	fi
	for fn in "${SUITE_FNS[@]}"; do
		run_case "$fn"
	done
	t1=$(now_ms)
	diag "suite time: $(((t1 - t0) / 1000)).$(((t1 - t0) % 1000 / 100)) s; artefacts in $ART"
	defer_scopes_cleanup
	trap - EXIT
	ktap_finished
}

# run_case FN: one KTAP result line, after the kernel's log_test: the
# body, the audit of what it left, the figures, the verdict.
run_case() {
	local fn=$1 rc

	case_begin "$fn"
	case_body "$fn" >"$ART/case.out" 2>&1
	rc=$?
	# Only KTAP lines reach stdout: stray output becomes diagnostics.
	sed 's/^# //; s/^/# /' "$ART/case.out"
	case_figures
	log_test "$fn" "$rc"
}

# case_begin FN: the case's header line; where the counts start.
case_begin() {
	diag "case $(case_number "$1") [$(case_group "$1")] $(case_name "$1")"
	CASE_T0=$(now_ms)
	trace_sync >/dev/null 2>&1
	CASE_FROM=0
	[ "$TRACE_OK" = 1 ] && CASE_FROM=$(trace_lines)
	[ "$VIEW_SYNC" = 1 ] && busywait 2000 monitor_caught_up
	CASE_MON0=$(monitor_counts)
}

# case_body FN: the body runs in a subshell with its own defer scope (so
# it cannot leave state or variables behind), then the audit judges what
# it left. Its status is the case's.
case_body() {
	local ret

	(
		RET=0
		# Only the case's own scope: the suite's belongs to the parent.
		DEFER_CMDS=()
		DEFER_SCOPES=()
		trap 'defer_scopes_cleanup' EXIT
		defer_scope_push
		case_prologue
		"$1"
		exit "$RET"
	)
	ret=$?
	[ "$ret" = "$KSFT_SKIP" ] && return "$ret"
	( RET=$ret; audit_after_case; exit "$RET" )
}

# case_figures: what the case made the driver do, from the tracepoints'
# counts or the monitor's; and the monitor's count next to the
# tracepoints' (a lag or a drop shows as a difference).
case_figures() {
	local t=$(($(now_ms) - CASE_T0)) c mon

	if [ "$TRACE_OK" = 1 ]; then
		trace_sync >/dev/null 2>&1
		read -r -a c <<<"$(trace_counts "$CASE_FROM")"
		diag "figures: ${c[0]} state transitions, ${c[1]} virtchnl messages, ${c[2]} down/up/reset events (tracepoints); $t ms"
	elif [ -n "$DRV_VIEW" ]; then
		mon=$(monitor_counts)
		diag "figures: $((${mon% *} - ${CASE_MON0% *})) state transitions, $((${mon#* } - ${CASE_MON0#* })) virtchnl messages (monitor, $(monitor_mode): list changes its walks saw); $t ms"
	else
		diag "figures: not counted ($DRV_WHY); $t ms"
	fi
	[ -n "$MON_PID" ] && [ "$TRACE_OK" = 1 ] || return 0
	[ "$VIEW_SYNC" = 1 ] && busywait 2000 monitor_caught_up
	mon=$(monitor_counts)
	diag "monitor: $((${mon% *} - ${CASE_MON0% *})) state transitions, $((${mon#* } - ${CASE_MON0#* })) virtchnl messages (totals: monitor ${mon% *}, tracepoints $(trace_state_events) state)"
}

# log_test FN STATUS: the case's KTAP line; a known failure of this
# driver (lib/expect.sh) is judged by its finding.
log_test() {
	local fn=$1 rc=$2 name reason

	name=$(case_name "$fn")
	if expect_known "$fn"; then
		expect_judge "$fn" "$name" "$rc" "$ART/case.out"
		return
	fi
	reason=$(sed -n 's/^# SKIP: //p; s/^SKIP: //p' "$ART/case.out" | head -1)
	ktap_test_result "$name" "$rc" "$reason"
}

# iavf_kind: "traced" when the driver has our tracepoints, else "stock";
# with the module's version when it has one.
iavf_kind() {
	local kind=stock ver

	[ -d "${TRACEFS:-/sys/kernel/tracing}/events/iavf/iavf_vlan_state" ] && kind=traced
	ver=$(cat /sys/module/iavf/version 2>/dev/null)
	echo "$kind${ver:+ $ver}"
}

SETUP_WHY=
VF_NS=()
VF_DEV=()

suite_setup() {
	if ! pf_init 2>"$ART/pf_init.err"; then
		SETUP_WHY="PF back end '${PF_BACKEND:-?}': $(tr '\n' ' ' <"$ART/pf_init.err")"
		return 1
	fi
	diag "kernel $(uname -r), iavf $(iavf_kind)${LAB_KERNEL:+ (lab kernel $LAB_KERNEL)}"
	diag "PF: $(pf_describe)"
	suite_vf_devs && suite_vf_ns || return 1
	diag "VF reset methods: A $(cat "/sys/bus/pci/devices/${VF_PCI[0]}/reset_method" 2>/dev/null || echo '?'), B $(cat "/sys/bus/pci/devices/${VF_PCI[1]}/reset_method" 2>/dev/null || echo '?')"
	diag "VF A: ${VF_DEV[0]} (${VF_PCI[0]}, vf ${VF_IDX[0]}) in ${VF_NS[0]}; VF B: ${VF_DEV[1]} (${VF_PCI[1]}, vf ${VF_IDX[1]}) in ${VF_NS[1]}"
	suite_observers
	dmesg 2>/dev/null | wc -l >"$ART/dmesg.start"
	: >"$ART/ping.prereq"
	return 0
}

# suite_vf_devs: VF_DEV, each VF's netdev in this namespace.
suite_vf_devs() {
	local slot dev

	for slot in 0 1; do
		dev=$(ls "/sys/bus/pci/devices/${VF_PCI[$slot]}/net" 2>/dev/null | head -1)
		if [ -z "$dev" ]; then
			SETUP_WHY="VF ${VF_PCI[$slot]} has no netdev in this namespace (driver bound?)"
			return 1
		fi
		VF_DEV[$slot]=$dev
	done
}

# suite_vf_ns: each VF up in a namespace of its own (VF_NS).
suite_vf_ns() {
	local slot

	if ! setup_ns NS_A NS_B; then
		SETUP_WHY="cannot create network namespaces"
		return 1
	fi
	VF_NS=("$NS_A" "$NS_B")
	# Quiet links: no IPv6 autoconfiguration traffic (DAD, router
	# solicitations) on the VFs, so each case sees only its own messages.
	if [ "${SUITE_IPV6:-0}" = 0 ]; then
		for slot in 0 1; do
			in_ns "${VF_NS[$slot]}" sh -c 'echo 1 >/proc/sys/net/ipv6/conf/default/disable_ipv6; echo 1 >/proc/sys/net/ipv6/conf/all/disable_ipv6' 2>/dev/null
		done
	fi
	defer suite_restore_vfs
	for slot in 0 1; do
		ip link set "${VF_DEV[$slot]}" netns "${VF_NS[$slot]}" || {
			SETUP_WHY="cannot move ${VF_DEV[$slot]} into ${VF_NS[$slot]}"; return 1; }
		ip -n "${VF_NS[$slot]}" link set "${VF_DEV[$slot]}" up
	done
}

# suite_observers: the tracepoints (counted), the monitor (the driver
# view), the audit's CLI; each says when it is off, and why.
suite_observers() {
	trace_start
	defer trace_stop
	if ivt_probe; then
		if monitor_start; then
			defer monitor_stop
			diag "monitor: $IVT monitor -j > $ART/monitor.jsonl (mode $(monitor_mode))"
		else
			diag "monitor: did not start: $(tail -n 2 "$ART/monitor.err" 2>/dev/null | tr '\n' ' ')"
		fi
	else
		diag "monitor and audit: off: $IVT_WHY"
	fi
	if drv_view_select; then
		diag "driver view: $DRV_VIEW"
	else
		diag "driver view: off: $DRV_WHY"
	fi
}

# Back to how we found them: VFs in the initial namespace, PF defaults.
suite_restore_vfs() {
	local slot

	for slot in 0 1; do
		pf_set_pvid "$slot" 0 >/dev/null 2>&1
		pf_set_trust "$slot" off >/dev/null 2>&1
		pf_set_spoofchk "$slot" on >/dev/null 2>&1
	done
	pf_fault_clear >/dev/null 2>&1
	for slot in 0 1; do
		ip netns exec "${VF_NS[$slot]}" true 2>/dev/null &&
			ip -n "${VF_NS[$slot]}" link set "${VF_DEV[$slot]}" netns 1 2>/dev/null
	done
	return 0
}

# Sourcing with VLAN_STATE_LIB_ONLY=1 (the library self-test) skips main.
[ "${VLAN_STATE_LIB_ONLY:-0}" = 1 ] || main "$@"
