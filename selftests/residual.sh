# SPDX-License-Identifier: GPL-2.0
#
# The residual group: bugs the fixed VLAN state machine still has
# (../shared/spec/residual-races.md R1-R7 and the port VLAN round trip),
# each made deterministic with the PF's fault injection. Every case asserts
# what a user sees (a VLAN device whose filter is missing on the PF, a PF
# filter with no device, a VLAN that cannot be added) and what
# iavf-vlantrace audit says. With our fixes (kernel/fixes/) every case
# passes; with KERNEL_FIXES=0 each fails with the audit's finding
# (selftests/expect/6.12-traced-nofix.txt). Selected by group (`residual`),
# number or function name; not part of the seed's 52. Needs race.sh.

CASES_EXTRA+=(
"201|residual|residual_r1_reset_resurrects|R1: a VLAN deleted just before a VF reset comes back"
"202|residual|residual_r2_add_lost_on_close|R2: a VLAN added just before down never reaches the PF"
"203|residual|residual_r3_v1_reject_hidden|R3: a V1 ADD the PF rejects looks ACTIVE after the next ADD"
"204|residual|residual_r4_rejected_del|R4: a DEL the PF rejects leaves an orphan filter"
"205|residual|residual_r5_trust_off|R5: trust off with more than 8 VLANs loses every filter"
"206|residual|residual_pvid_round_trip|port VLAN set and cleared by the PF keeps the VLAN filters"
)
CASES_EXTRA+=(
"207|residual|residual_r7_readd_inflight_reject|R7: a VLAN deleted and re-added while its ADD is held, then rejected, looks ACTIVE"
"208|residual|residual_r6_down_clears_current_op|R6: after a down with an ADD in flight, a rejected ADD looks ACTIVE"
)
CASES_EXTRA+=(
"209|residual|residual_r4_rejected_del_twice|R4: a DEL the PF rejects twice is retried once, then dropped"
)

# audit_names REGEX: the tool's audit must name a finding matching REGEX
# (extended, over "KIND DEV vid VID (STATE): DETAIL" lines).
audit_names() {
	local out

	[ -n "$IVT" ] || { diag "audit(iavf-vlantrace): skipped: $IVT_WHY"; return 0; }
	out=$("$IVT" audit -j 2>&1)
	if ivt_findings <<<"$out" | grep -qE -- "$1"; then
		diag "audit(iavf-vlantrace) names: $(ivt_findings <<<"$out" | grep -E -m1 -- "$1")"
	else
		fail "audit(iavf-vlantrace) does not name /$1/: $(ivt_findings <<<"$out" | tr '\n' ';')"
	fi
}

# vf_reset_by SLOT CMD...: run CMD (a reset of the VF) and wait for the
# driver to come back from it.
vf_reset_by() {
	local s=$1 m

	shift
	m=$(mark)
	check "$* failed" "$@"
	wait_reset "$s" "$m"
	sleep 2
}

# expect_pf_agrees SLOT WHAT: the driver's ACTIVE filters must be the
# PF's list; WHAT says what a difference means.
expect_pf_agrees() {
	local pf act

	state_refresh >/dev/null 2>&1
	pf=$(pf_dump_vlans "$1")
	act=$(drv_active_vids "$1")
	[ "$act" = "$pf" ] || fail "the driver holds [$act] ACTIVE, the PF [$pf]: $2"
}

# R1: the post-reset re-add loops turned REMOVE/REMOVING back into ADD.
residual_r1_reset_resurrects() {
	defer race_reap "$A"
	vlans_add "$A" 100 101
	expect_vlans "$A" "100 101" "before the reset"
	race_hold "$A" del_vlan_v2
	vlans_del "$A" 101
	race_held "$A" del_vlan_v2
	vf_reset_by "$A" pf_vf_flr "$A"
	expect_vlans "$A" 100 "after a VF FLR with the DEL of 101 unanswered"
	audit_now
}

# R2: iavf_close dropped IAVF_FLAG_AQ_ADD_VLAN_FILTER; a VID still in ADD
# stayed there.
residual_r2_add_lost_on_close() {
	race_open_window "$A"
	vlans_add "$A" 102
	vf_down "$A"
	race_settle
	vf_up "$A"
	expect_vlans "$A" "100 101 102" "after down/up with an ADD queued"
	audit_now
}

# R3: under VLAN V1 an error reply to ADD_VLAN only logged; the next
# successful ADD marked the rejected filter ACTIVE too. The driver's
# ACTIVE filters must be what the PF holds, and the audit must name the
# VLAN device left without a filter.
residual_r3_v1_reject_hidden() {
	pf_set_vlan_caps "$A" v1 || skip "the PF back end cannot offer VLAN V1 only"
	defer vf_reset_by "$A" pf_vf_flr "$A"
	defer pf_set_vlan_caps "$A" v2
	vf_reset_by "$A" pf_vf_flr "$A"
	vlans_add "$A" 100
	busywait "$SETTLE_MS" pf_has_vid "$A" 100 || fail "VLAN 100 never reached the PF under V1"
	pf_fault_reject "$A" add_vlan -5 || skip "the PF back end cannot reject a message"
	vlans_add "$A" 101
	sleep 1
	vlans_add "$A" 102
	busywait "$SETTLE_MS" pf_has_vid "$A" 102 || fail "VLAN 102 never reached the PF"
	sleep 2
	expect_pf_agrees "$A" "a rejected VLAN looks ACTIVE"
	audit_names "^lost [^ ]+ vid 101 "
}

# R4: an error reply to DEL moved the filter back to ACTIVE with no VLAN
# device and no retry; the next reset programmed it on the PF again.
# fixes/0002 frees the filter instead, but the PF kept the VID until the
# next reset; fixes/0009 sends the rejected DEL once more, so with the
# lab's one-shot rejection the PF drops 101 before any reset.
residual_r4_rejected_del() {
	local m

	defer race_reap "$A"
	vlans_add "$A" 100 101
	expect_vlans "$A" "100 101" "before the rejected DEL"
	pf_fault_reject "$A" del_vlan_v2 -5 || skip "the PF back end cannot reject a message"
	m=$(mark)
	vlans_del "$A" 101
	sleep 2
	audit_now
	expect_vlans "$A" 100 "after a DEL the PF rejected once, before any reset"
	if [ "$VIEW_TP" = 1 ]; then
		transition_seen "$A" "$m" 101 del_retry ||
			fail "no REMOVING -> REMOVE del_retry for 101 after the rejected DEL"
	fi
	vf_reset_by "$A" pf_vf_flr "$A"
	expect_vlans "$A" 100 "after the rejected DEL and a VF reset"
}

# R4 with a PF that refuses the DEL and its retry: the retry is bounded
# (one per filter), the filter is freed after the second refusal, and the
# PF keeps 101 until the next VF reset clears it.
residual_r4_rejected_del_twice() {
	local m

	defer race_reap "$A"
	vlans_add "$A" 100 101
	expect_vlans "$A" "100 101" "before the rejected DELs"
	pf_fault_reject "$A" del_vlan_v2 -5 2 || skip "the PF back end cannot reject a message"
	defer pf_fault_clear
	m=$(mark)
	vlans_del "$A" 101
	sleep 2
	audit_now
	state_refresh >/dev/null 2>&1
	[ "$(drv_filters "$A" | awk '{ print $1 }' | tr '\n' ' ' | sed 's/ $//')" = 100 ] ||
		fail "after two rejected DELs the driver holds [$(drv_filters "$A" | tr '\n' ',')], not [100]"
	if [ "$VIEW_TP" = 1 ]; then
		transition_seen "$A" "$m" 101 del_retry ||
			fail "no REMOVING -> REMOVE del_retry for 101 after the first rejected DEL"
		transition_seen "$A" "$m" 101 del_reject_free ||
			fail "no REMOVING -> NONE del_reject_free for 101 after the second rejected DEL"
	fi
	vf_reset_by "$A" pf_vf_flr "$A"
	expect_vlans "$A" 100 "after the rejected DELs and a VF reset"
}

# R5: with trust taken away, the driver re-sent every filter at once
# (counting those queued for ADD as already on the PF); ice rejected the
# whole batch and the driver freed them all.
residual_r5_trust_off() {
	local vids="100 101 102 103 104 105 106 107 108 109" n

	vf_reset_by "$A" pf_set_trust "$A" on
	defer pf_set_trust "$A" off
	vlans_add "$A" $vids
	expect_vlans "$A" "$vids" "while trusted"
	vf_reset_by "$A" pf_set_trust "$A" off
	sleep 3
	n=$(pf_dump_vlans "$A" | wc -w)
	[ "$n" = "$MAX_VLANS" ] ||
		fail "after trust off the PF holds $n of the 10 VLANs of ${VF_DEV[$A]}, not $MAX_VLANS (its limit)"
	expect_pf_agrees "$A" "the filters lost their place on the PF"
}

# The port VLAN round trip: filtering unsupported while the pvid is set
# freed every filter without a DEL, and nothing re-added them after.
residual_pvid_round_trip() {
	vlans_add "$A" 101 102
	expect_vlans "$A" "101 102" "before the port VLAN"
	defer pf_set_pvid "$A" 0
	vf_reset_by "$A" pf_set_pvid "$A" 10
	vf_reset_by "$A" pf_set_pvid "$A" 0
	expect_vlans "$A" "101 102" "after the port VLAN was set and cleared"
	audit_now
}

# R7: a VLAN deleted and added again while the PF holds its ADD. The
# delete marks the ADDING filter REMOVE (the DEL waits behind the ADD),
# the re-add cancelled that DEL by marking the filter ACTIVE; when the PF
# then rejected the ADD, the reject path (ADDING filters only) missed it:
# the driver says ACTIVE, the PF has no filter, the VLAN's traffic never
# arrives. The audit cannot see that (it reads the driver, not the PF),
# so the case compares the driver's ACTIVE filters with the PF's list,
# as R3's does. With the fix the re-added filter waits for the ADD's
# reply: the rejection frees it, and the audit names the VLAN device
# left without a filter (lost), as for any rejected ADD; adding the VLAN
# again then reaches the PF.
residual_r7_readd_inflight_reject() {
	defer race_reap "$A"
	vlans_add "$A" 100
	expect_vlans "$A" 100 "before the race"
	pf_fault_reject_held "$A" add_vlan_v2 -5 "$RACE_HOLD_MS" ||
		skip "the PF back end cannot hold a request and then reject it"
	vlans_add "$A" 101
	race_held "$A" add_vlan_v2
	vlans_del "$A" 101
	vlans_add "$A" 101
	race_settle
	expect_pf_agrees "$A" "the rejected ADD of 101 looks ACTIVE"
	audit_names "^lost [^ ]+ vid 101 "
	vlans_del "$A" 101
	vlans_add "$A" 101
	expect_vlans "$A" "100 101" "after deleting and adding VLAN 101 again"
}

# R6: iavf_down() cancels the virtchnl request in flight (current_op) and
# sends DISABLE_QUEUES behind it. The PF answers in order, as ice does, so
# the next reply is the cancelled request's; it cleared current_op while
# DISABLE_QUEUES was unanswered, and from then on the driver kept one
# request more at the PF than it waited for: each reply freed the slot
# for the next request while the one it belonged to was still pending.
# Two ADDs at the PF at once: the first one's reply marked every ADDING
# filter ACTIVE, the second one's too, and when the PF then rejected the
# second, the reject path found nothing ADDING. The driver says ACTIVE,
# the PF has no filter, the VLAN's traffic never arrives; the audit
# cannot see that (it reads the driver, not the PF), so the case compares
# the driver's ACTIVE filters with the PF's list, as R3's and R7's do.
# The PF is slow and in order: it sits on the ADD of 101 for longer than
# the close waits (500 ms: "Device resources not yet released"), so the
# close returns with DISABLE_QUEUES behind that ADD; then on
# DISABLE_QUEUES, then on the next ADD, and rejects the ADD after it.
# VLANs 102 and 103 are added while the VF is down (adding them before
# the down would meet R2 without fixes/0004). With the fix the stale
# reply no longer frees the slot: 102 and 103 wait for DISABLE_QUEUES's
# reply and go in one ADD, which the PF holds and then applies.
residual_r6_down_clears_current_op() {
	local hold=$((RACE_HOLD_MS + 2000))

	defer race_reap "$A"
	defer vf_up "$A"
	vlans_add "$A" 100
	expect_vlans "$A" 100 "before the race"
	{ pf_fault_delay "$A" add_vlan_v2 "$RACE_HOLD_MS" &&
	  pf_fault_delay "$A" disable_queues "$RACE_HOLD_MS" &&
	  pf_fault_delay "$A" add_vlan_v2 "$RACE_HOLD_MS" &&
	  pf_fault_reject "$A" add_vlan_v2 -5; } ||
		skip "the PF back end cannot hold and reject requests"
	vlans_add "$A" 101
	race_held "$A" add_vlan_v2
	check "down failed" vf_down "$A"
	busywait 2000 pf_mbx_pending "$A" 2 ||
		diag "DISABLE_QUEUES did not reach the PF behind the held ADD"
	vlans_add "$A" 102
	busywait "$hold" pf_fault_held "$A" disable_queues ||
		fail "the PF never held DISABLE_QUEUES"
	# Without the fix the ADD of 102 goes out behind it at once.
	busywait 1000 pf_mbx_pending "$A" 2 ||
		diag "no ADD behind DISABLE_QUEUES: the driver waits for its reply"
	vlans_add "$A" 103
	busywait $((2 * hold)) pf_mbx_pending "$A" 0 ||
		fail "the PF still has requests of ${VF_DEV[$A]} unanswered"
	sleep 1
	expect_pf_agrees "$A" "the rejected ADD of 103 looks ACTIVE"
	expect_vlans "$A" "100 101 102 103" "after the down with the ADD of 101 held"
}
