#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host-only self-test of the VLAN state suite's library: KTAP output and
# exit codes, the case table and selection, deferred cleanup, busywait,
# PF back-end dispatch (fake back end), the driver view folded from a
# synthetic trace, the audit's findings and one run_case round. No guest,
# no root, no network namespace. Prints TAP.
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
n=0
failed=0

t() {	# t DESCRIPTION CMD...: one TAP line for CMD's status
	local d=$1

	shift
	n=$((n + 1))
	if "$@"; then
		echo "ok $n - $d"
	else
		echo "not ok $n - $d"
		failed=1
	fi
}

lib() {	# lib SNIPPET: run SNIPPET with the suite sourced (main not run)
	VLAN_STATE_LIB_ONLY=1 ART=$TMP bash -c ". '$HERE/vlan_state.sh'; $1"
}

# ---- KTAP ----
ktap_run() {
	bash -c ". '$HERE/lib/ktap.sh'; ktap_print_header; ktap_set_plan 3; $1; ktap_finished" >"$TMP/ktap.out"
}
ktap_run 'ktap_test_pass a; ktap_test_skip b "no reason"; ktap_test_fail c'
rc=$?
t "ktap: a failure exits 1" [ "$rc" = 1 ]
t "ktap: header, plan, ok/skip/not ok, totals" diff -u - "$TMP/ktap.out" <<'EOF2'
KTAP version 1
1..3
ok 1 a
ok 2 b # SKIP no reason
not ok 3 c
# Totals: pass:1 fail:1 xfail:0 xpass:0 skip:1 error:0
EOF2
ktap_run 'ktap_test_skip a x; ktap_test_skip b y; ktap_test_skip c z'
t "ktap: all skipped exits 4" [ $? = 4 ]
ktap_run 'ktap_test_pass a; ktap_test_skip b y; ktap_test_pass c'
t "ktap: passes and skips exit 0" [ $? = 0 ]

# ---- the case table ----
t "table: 52 cases numbered 1..52 in order" \
	lib '[ "${#CASES[@]}" = 52 ] && for i in "${!CASES[@]}"; do [ "${CASES[$i]%%|*}" = $((i + 1)) ] || exit 1; done'
t "table: groups state 23, reset 12, ping 16, dmesg 1" \
	lib '[ "$(list_cases | awk "{ print \$2 }" | sort | uniq -c | tr -s " " | tr "\n" ,)" = " 1 dmesg, 16 ping, 12 reset, 23 state," ]'
t "table: function names and case names unique" \
	lib '[ "$(printf "%s\n" "${ALL_TESTS[@]}" | sort -u | wc -l)" = 52 ] &&
	     [ "$(for e in "${CASES[@]}"; do echo "${e##*|}"; done | sort -u | wc -l)" = 52 ]'
t "table: every case function is defined" \
	lib 'for f in "${ALL_TESTS[@]}"; do declare -F "$f" >/dev/null || { echo "missing $f" >&2; exit 1; }; done'
SPEC=${SEED_SPEC:-$HERE/../../shared/spec/seed-suite.md}
n=$((n + 1))
if [ -r "$SPEC" ]; then
	sed -n 's/^\([0-9][0-9]*\)\. \(.*[^ ]\) *$/\1|\2/p' "$SPEC" | sed 's/ *(failed before.*)$//' >"$TMP/spec"
	lib 'for e in "${CASES[@]}"; do IFS="|" read -r a g f nm <<<"$e"; echo "$a|$nm"; done' >"$TMP/ours"
	if diff -u "$TMP/spec" "$TMP/ours" >"$TMP/spec.diff"; then
		echo "ok $n - table: names equal the reference suite's ($SPEC)"
	else
		echo "not ok $n - table: names equal the reference suite's ($SPEC)"
		sed 's/^/# /' "$TMP/spec.diff"
		failed=1
	fi
else
	echo "ok $n - table: names equal the reference suite's # SKIP $SPEC not present"
fi

# ---- selection ----
sel() {	# sel EXPECTED_COUNT SELECTOR...
	local want=$1

	shift
	[ "$(VLAN_STATE_LIB_ONLY=1 bash -c ". '$HERE/vlan_state.sh'; select_cases \"\$@\"" _ "$@" | wc -l)" = "$want" ]
}
t "select: group state = 23" sel 23 state
t "select: group ping = 16" sel 16 ping
t "select: range 24-35 and number 52 = 13" sel 13 24-35 52
t "select: exact name" sel 1 "8 VLANs add/remove"
t "select: function name" sel 1 reset_unbind_bind
t "select: overlapping selectors count once" sel 23 state 1 2-5
t "select: unknown selector fails" bash -c "! VLAN_STATE_LIB_ONLY=1 bash -c '. \"$HERE/vlan_state.sh\"; select_cases nosuchcase' 2>/dev/null"
t "select: TESTS words split (state dmesg)" \
	lib '[ "$(split_tests "state dmesg" | wc -l)" = 2 ]'
t "select: TESTS with a name stays one selector" \
	lib '[ "$(split_tests "basic add/remove")" = "basic add/remove" ]'
t "select: TESTS commas split" \
	lib '[ "$(split_tests "basic add/remove, reset,52" | tr "\n" "|")" = "basic add/remove|reset|52|" ]'
t "select: -c prints the picked functions in suite order" \
	bash -c "[ \"\$('$HERE/vlan_state.sh' -c 52 1 | tr '\n' ' ')\" = 'state_basic dmesg_clean ' ]"

t "suite: a setup that fails skips every picked case, exit 4" bash -c "
	PF_BACKEND=nope ART='$TMP/nope' '$HERE/vlan_state.sh' 1 2 >'$TMP/nope.out' 2>&1; [ \$? = 4 ] &&
	[ \$(grep -c '^ok [12] .* # SKIP suite setup failed: PF back end .nope.' '$TMP/nope.out') = 2 ]"

# ---- defer and busywait ----
t "defer: LIFO, inner scope only" lib '
	out=""; defer_scope_push; defer eval "out+=1"; defer_scope_push
	defer eval "out+=2"; defer eval "out+=3"; defer_scope_pop
	[ "$out" = 32 ] || exit 1; defer_scopes_cleanup; [ "$out" = 321 ]'
t "busywait: succeeds once the condition holds" lib '
	f=$ART/bw; rm -f "$f"; ( sleep 0.3; touch "$f" ) & busywait 3000 test -e "$f"'
t "busywait: gives up after its timeout" lib '
	s=$(now_ms); ! busywait 300 false && [ $(($(now_ms) - s)) -ge 300 ] && [ $(($(now_ms) - s)) -lt 2000 ]'

# ---- verdict helpers ----
t "check_err/check_fail: fail on the wrong status, say why, keep going" lib '
	RET=0; out=$(check_err 0 "not this"; check_fail 1 "nor this"; echo "RET=$RET")
	[ "$out" = "RET=0" ] || exit 1
	out=$(check_err 2 "cmd failed"; check_fail 0 "cmd succeeded"; echo "RET=$RET")
	[ "$out" = "# FAIL: cmd failed
# FAIL: cmd succeeded
RET=1" ]'
t "check: a failing command fails the case with its message" lib '
	RET=0; out=$(check "false failed" false; echo "rc=$? RET=$RET"); [ "$out" = "# FAIL: false failed
rc=1 RET=1" ]'
t "groups: each group file holds exactly its group's cases" lib '
	for g in state reset ping dmesg race residual canary; do
		n=$(grep -c "^\"[0-9]*|$g|" "$SUITE_DIR/$g.sh"); m=$(for e in "${CASES[@]}" "${CASES_EXTRA[@]}"; do echo "$e"; done | grep -c "^[0-9]*|$g|")
		[ "$n" = "$m" ] && [ "$n" -gt 0 ] || { echo "$g: $n in the file, $m in the table" >&2; exit 1; }
	done'

# ---- PF back ends ----
t "pf: fake back end records calls with the VF numbers" lib '
	export PF_BACKEND=fake PF_FAKE_LOG=$ART/pf.log; : >"$PF_FAKE_LOG"; pf_init
	pf_vf_flr 1; pf_set_trust 0 on; pf_set_pvid 1 100; pf_link_flap; pf_pci_flr; vf_unbind_bind 0
	[ "$(tr "\n" "|" <"$PF_FAKE_LOG")" = "init|vf_flr 1|trust 0 on|pvid 1 100|link_flap|pci_flr|unbind_bind 0|" ]'
t "pf: dump gives the non-zero VIDs sorted" lib '
	export PF_BACKEND=fake PF_FAKE_DUMP=$ART/dump; echo "200 0 100" >"$ART/dump.0"; pf_init
	[ "$(pf_dump_vlans 0)" = "100 200" ]'
t "pf: a back end without a dump says skip (4)" lib '
	PF_BACKEND=hw; pf_dump_vlans 0; [ $? = 4 ]'
t "pf: unknown back end fails pf_init" lib 'PF_BACKEND=nope; ! pf_init 2>/dev/null'
t "pf: hw back end needs PF_DEV" lib 'PF_BACKEND=hw; unset PF_DEV; ! pf_init 2>/dev/null'

# ---- the driver view (the monitor's JSON) and the PF cross-check ----
J='"ifindex":3,"netns":1'
cat >"$TMP/monitor.tp" <<EOF2
{"ts_ns":1,"dev":"eth1","pci":"0000:01:00.0",$J,"event":"state","vid":100,"tpid":"0x8100","old":"NONE","new":"ADD","reason":"add_new","num_vlan_filters":1,"in_old_state_ns":0,"flags":[]}
{"ts_ns":2,"dev":"eth1","pci":"0000:01:00.0",$J,"event":"state","vid":100,"tpid":"0x8100","old":"ADD","new":"ADDING","reason":"send_add_v2","num_vlan_filters":1,"in_old_state_ns":5,"flags":[]}
{"ts_ns":3,"dev":"eth1","pci":"0000:01:00.0",$J,"event":"vc","dir":"send","op":"ADD_VLAN_V2","opcode":52,"num":1,"more":false,"v_retval":0}
{"ts_ns":4,"dev":"eth1","pci":"0000:01:00.0",$J,"event":"state","vid":100,"tpid":"0x8100","old":"ADDING","new":"ACTIVE","reason":"add_ack","num_vlan_filters":1,"in_old_state_ns":5,"flags":[]}
{"ts_ns":5,"dev":"eth1","pci":"0000:01:00.0",$J,"event":"state","vid":200,"tpid":"0x8100","old":"NONE","new":"ADD","reason":"add_new","num_vlan_filters":2,"in_old_state_ns":0,"flags":[]}
{"ts_ns":6,"dev":"eth0","pci":"0000:02:00.0",$J,"event":"state","vid":300,"tpid":"0x8100","old":"NONE","new":"ADD","reason":"add_new","num_vlan_filters":1,"in_old_state_ns":0,"flags":[]}
{"ts_ns":7,"dev":"eth0","pci":"0000:02:00.0",$J,"event":"updown","phase":"reset_end","status":0,"num_vlan_filters":1}
{"ts_ns":8,"dev":"eth0","pci":"0000:02:00.0",$J,"event":"state","vid":300,"tpid":"0x8100","old":"ADDING","new":"NONE","reason":"add_reject","num_vlan_filters":0,"in_old_state_ns":5,"flags":[]}
EOF2
VIEW_ENV='MON_PID=$$; DRV_VIEW=monitor; VIEW_TP=1; VIEW_SYNC=0; STATE_DB=$ART/db; : >"$STATE_DB"; echo 0 >"$STATE_DB.off"
	cp "'"$TMP"'/monitor.tp" "$ART/monitor.jsonl"
	export PF_BACKEND=fake PF_FAKE_DUMP=$ART/dump; pf_init
	VF_PCI=(0000:01:00.0 0000:02:00.0); VF_DEV=(eth1 eth0)'
t "view: last state per VID and the filter counter, from monitor -j" lib "$VIEW_ENV"'
	state_refresh; [ "$(drv_filters 0 | tr "\n" ,)" = "100 ACTIVE,200 ADD," ] &&
	[ "$(drv_filters 1)" = "" ] && [ "$(drv_count 0)" = 2 ] && [ "$(drv_state 1 300)" = NONE ]'
t "view: incremental refresh equals one pass; a line still being written waits" lib "$VIEW_ENV"'
	cp "$ART/monitor.jsonl" "$ART/full"; head -4 "$ART/full" >"$ART/monitor.jsonl"
	sed -n 5p "$ART/full" | tr -d "\n" | head -c 40 >>"$ART/monitor.jsonl"; state_refresh
	[ "$(drv_filters 0 | tr "\n" ,)" = "100 ACTIVE," ] || exit 1
	cp "$ART/full" "$ART/monitor.jsonl"; state_refresh; [ "$(drv_filters 0 | tr "\n" ,)" = "100 ACTIVE,200 ADD," ]'
t "view: no monitor, no view (state_refresh fails)" lib "$VIEW_ENV"'
	MON_PID=; ! state_refresh'
t "events: a reset and a reason since a mark, from the objects' fields" lib "$VIEW_ENV"'
	reset_seen 1 0 && ! reset_seen 0 0 && ! reset_seen 1 7 &&
	transition_seen 0 0 100 add_ack && ! transition_seen 0 4 100 add_ack && transition_seen 1 5 300 add_reject'
t "sync: the monitor caught up counts the events before it attached" lib "$VIEW_ENV"'
	TRACE_OK=1; printf " x: iavf_vlan_state: a\n x: iavf_vlan_state: b\n x: iavf_vlan_vc: c\n" >"$ART/trace.log"
	head -1 "$ART/monitor.jsonl" >"$ART/m1"; cp "$ART/m1" "$ART/monitor.jsonl"
	! monitor_caught_up && MON_BASE=1 && monitor_caught_up'
t "sync: a monitor behind fails the refresh (retried), lost records end the sync" lib "$VIEW_ENV"'
	TRACE_OK=1; VIEW_SYNC=1; SYNC_MS=200; trace_sync() { return 0; }
	printf " x: iavf_vlan_state: a\n%.0s" $(seq 9) >"$ART/trace.log"
	out=$(state_refresh; echo "rc=$?"); grep -q "^# monitor: behind the tracepoints after 200 ms" <<<"$out" && grep -qx "rc=1" <<<"$out" || exit 1
	echo "{\"event\":\"lost\",\"count\":3,\"total\":3}" >>"$ART/monitor.jsonl"
	out=$(state_refresh; echo "rc=$?"); grep -q "^# monitor: lost records" <<<"$out" && grep -qx "rc=0" <<<"$out" &&
	[ -e "$ART/view.unsynced" ] && [ "$(state_refresh; echo "rc=$?")" = "rc=0" ]'
t "pf: drift between the driver ACTIVE list and the PF list is found" lib "$VIEW_ENV"'
	echo "100 999" >"$ART/dump.0"; : >"$ART/dump.1"; state_refresh
	[ "$(pf_drift 0)" = "pf drift: eth1 driver ACTIVE [100], PF holds [100 999]" ] && [ -z "$(pf_drift 1)" ]'
t "pf: a coherent pair has no finding; the audit says clean" lib "$VIEW_ENV"'
	echo 100 >"$ART/dump.0"; : >"$ART/dump.1"; out=$(audit_pf); [ "$out" = "# audit(pf): clean (the driver'"'"'s ACTIVE filters are the PF'"'"'s list)" ]'
t "pf: drift fails the case with the finding" lib "$VIEW_ENV"'
	STUCK_MS=200; echo "100 999" >"$ART/dump.0"; : >"$ART/dump.1"; RET=0; out=$(audit_pf; echo "RET=$RET")
	grep -qx "# FAIL: audit(pf): pf drift: eth1 driver ACTIVE \[100\], PF holds \[100 999\]" <<<"$out" && grep -qx "RET=1" <<<"$out"'
t "pf: a back end without the PF list skips the cross-check, says so" lib "$VIEW_ENV"'
	PF_BACKEND=hw; [ "$(audit_pf)" = "# audit(pf): skipped: the PF back end does not show its list" ]'

cat >"$TMP/monitor.in" <<'EOF2'
{"ts_ns":1,"dev":"eth1","pci":"0000:01:00.0","ifindex":3,"netns":1,"event":"state","vid":100,"tpid":"0x8100","old":"NONE","new":"IS_NEW","reason":"inferred","num_vlan_filters":1}
{"ts_ns":2,"dev":"eth1","pci":"0000:01:00.0","ifindex":3,"netns":1,"event":"vc","dir":"send","op":"ADD_VLAN_V2","opcode":52,"num":1}
{"ts_ns":3,"dev":"eth1","pci":"0000:01:00.0","ifindex":3,"netns":1,"event":"state","vid":100,"tpid":"0x8100","old":"IS_NEW","new":"ACTIVE","reason":"inferred","num_vlan_filters":1}
{"ts_ns":4,"dev":"eth1","pci":"0000:01:00.0","ifindex":3,"netns":1,"event":"state","vid":200,"tpid":"0x8100","old":"NONE","new":"INACTIVE","reason":"inferred","num_vlan_filters":2}
{"ts_ns":5,"dev":"eth0","pci":"0000:02:00.0","ifindex":2,"netns":2,"event":"state","vid":300,"tpid":"0x8100","old":"ACTIVE","new":"NONE","reason":"inferred","num_vlan_filters":0}
EOF2
MON_ENV='DRV_VIEW=monitor; VIEW_TP=0; MON_PID=$$; STATE_DB=$ART/db; : >"$STATE_DB"; echo 0 >"$STATE_DB.off"; cp "'"$TMP"'/monitor.in" "$ART/monitor.jsonl"
	export PF_BACKEND=fake PF_FAKE_DUMP=$ART/dump; pf_init
	VF_PCI=(0000:01:00.0 0000:02:00.0); VF_DEV=(eth1 eth0)'
t "view (monitor, fentry): last state per VID and the counter from monitor -j" lib "$MON_ENV"'
	state_refresh; [ "$(drv_filters 0 | tr "\n" ,)" = "100 ACTIVE,200 INACTIVE," ] &&
	[ "$(drv_filters 1)" = "" ] && [ "$(drv_count 0)" = 2 ] && [ "$(drv_count 1)" = 0 ]'
t "view (monitor, fentry): INACTIVE is not quiet; no reset to wait for" lib "$MON_ENV"'
	! drv_quiet 0 && drv_quiet 1 && [ "$(wait_reset 0 0)" = "# cannot see the reset without the driver'"'"'s tracepoints" ]'
t "the suite reads no trace text: only lib/trace.sh opens trace.log" bash -c "
	! grep -n 'trace\.log' '$HERE'/*.sh '$HERE'/lib/*.sh | grep -v '^$HERE/lib/trace.sh:\|^$HERE/lab_suite.sh:\|^$HERE/test_lib.sh:'"

t "ivt_findings: one line per finding of audit -j" lib '
	out=$(echo "{\"vfs\":[{\"dev\":\"eth1\"}],\"findings\":[{\"kind\":\"leaked\",\"dev\":\"eth1\",\"vid\":101,\"tpid\":\"0x8100\",\"state\":\"ACTIVE\",\"age_ms\":19,\"detail\":\"filter ACTIVE with no VLAN device on eth1\"},{\"kind\":\"lost\",\"dev\":\"eth1\",\"vid\":100,\"state\":\"INACTIVE\",\"detail\":\"x\"}],\"clean\":false}" | ivt_findings)
	[ "$out" = "leaked eth1 vid 101 (ACTIVE): filter ACTIVE with no VLAN device on eth1
lost eth1 vid 100 (INACTIVE): x" ]'

# ---- the before/after table ----
mkdir -p "$TMP/mx/a" "$TMP/mx/b"
cat >"$TMP/mx/a/ktap.txt" <<'EOF2'
KTAP version 1
# kernel 6.1.0-47-amd64, iavf stock (lab kernel 6.1.170-stock)
# case 1 [state] basic add/remove
# figures: 6 state transitions, 4 virtchnl messages (monitor, fentry: list changes its walks saw); 900 ms
ok 1 basic add/remove
# case 101 [race] 8th VLAN fails
# FAIL: adding VLAN 108 on eth0 failed
# FAIL: audit(iavf-vlantrace) now: leaked eth0 vid 101 (ACTIVE): no VLAN device
not ok 2 8th VLAN fails
EOF2
echo 61 >"$TMP/mx/a/seconds"
cat >"$TMP/mx/b/ktap.txt" <<'EOF2'
# kernel 6.12.117+deb12-amd64, iavf traced (lab kernel 6.12-traced)
# case 1 [state] basic add/remove
# figures: 6 state transitions, 4 virtchnl messages, 0 down/up/reset events (tracepoints); 800 ms
ok 1 basic add/remove
# case 101 [race] 8th VLAN fails
ok 2 8th VLAN fails
EOF2
t "matrix: cases as rows, kernels as columns, a failure's audit finding as its note" bash -c "
	python3 '$HERE/matrix_table.py' old='$TMP/mx/a' new='$TMP/mx/b' >'$TMP/mx/out' &&
	grep -qE '^  1  basic add/remove +ok 6/4 +ok 6/4 *\$' '$TMP/mx/out' &&
	grep -qE '^101  8th VLAN fails +FAIL 1 +ok *\$' '$TMP/mx/out' &&
	grep -qx '1. 8th VLAN fails on old: audit(iavf-vlantrace) now: leaked eth0 vid 101 (ACTIVE): no VLAN device' '$TMP/mx/out' &&
	grep -q '^old: 1/2 passed, 1 failed, 0 xfail, 0 skipped, 61 s (kernel 6.1.0-47-amd64, iavf stock' '$TMP/mx/out'" 2>"$TMP/mx.err"

# ---- one round of run_case, with stub cases ----
cat >"$TMP/stub.sh" <<'EOF2'
CASES=("1|state|c_pass|a passing case" "2|state|c_fail|a failing case" "3|ping|c_skip|a skipped case" "4|state|c_defer|a case with cleanup")
ALL_TESTS=(c_pass c_fail c_skip c_defer)
case_prologue() { :; }
c_pass() { check "true fails?" true; }
c_fail() { check "false is false" false; diag "after the failure"; }
c_skip() { skip "no data path"; }
c_defer() { defer touch "$ART/deferred"; }
TRACE_OK=0; TRACE_WHY="stub"; DRV_VIEW=; DRV_WHY="stub"; IVT=; IVT_WHY="no CLI in the stub"
for f in "${ALL_TESTS[@]}"; do run_case "$f"; done
[ -e "$ART/deferred" ] && echo "# deferred ran"
EOF2
lib ". '$TMP/stub.sh'" >"$TMP/run.out" 2>&1
t "run_case: ok, not ok with the failure as diagnostic, skip with reason" \
	bash -c "grep -qx 'ok 1 a passing case' '$TMP/run.out' && grep -qx 'not ok 2 a failing case' '$TMP/run.out' &&
		 grep -qx '# FAIL: false is false' '$TMP/run.out' && grep -qx 'ok 3 a skipped case # SKIP no data path' '$TMP/run.out'"
t "run_case: the audit says why it is skipped, no silent pass" \
	bash -c "[ \$(grep -c '^# audit(iavf-vlantrace): skipped: no CLI in the stub' '$TMP/run.out') = 3 ] &&
		 [ \$(grep -c '^# audit(driver view): skipped: stub' '$TMP/run.out') = 3 ]"
t "run_case: a case's deferred cleanup runs" grep -qx '# deferred ran' "$TMP/run.out"
t "run_case: a figures line per case" bash -c "[ \$(grep -c '^# figures: ' '$TMP/run.out') = 4 ]"

if [ "$failed" != 0 ]; then
	sed 's/^/# /' "$TMP/run.out"
fi
echo "1..$n"
exit "$failed"
