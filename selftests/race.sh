# SPDX-License-Identifier: GPL-2.0
#
# The race group: the windows the seed's hardware hit by chance, forced
# open with the PF's fault injection. The PF holds one request (as a slow
# ice does: unapplied, unanswered, and every later request of the VF waits
# behind it), which keeps the VF's one virtchnl slot busy, so its next
# request waits in the driver. Not part
# of the seed's 52: selected by group (`race`), number or function name.
# Each case passes on a fixed driver; on the unfixed one (Debian 6.1.170)
# the audit names the zombie or lost filter (selftests/expect/).

CASES_EXTRA+=(
"101|race|race_del_updown_8th|8th VLAN fails after a delete raced with down/up"
"102|race|race_ns_move_del_inflight|namespace move with a delete in flight"
"103|race|race_updown_slow_pf|VLANs lost when down/up meets a slow PF"
)

# How long the PF holds the reply that opens the window, in ms: longer
# than the case's commands take under TCG.
RACE_HOLD_MS=${RACE_HOLD_MS:-3000}

# race_hold SLOT OP: the PF will hold the VF's next OP request; skips when
# the back end cannot, since the case would race blind.
race_hold() {
	pf_fault_delay "$1" "$2" "$RACE_HOLD_MS" ||
		skip "the PF back end cannot hold a request"
}

# race_held SLOT OP: wait until the PF holds the OP request.
race_held() {
	busywait 3000 pf_fault_held "$1" "$2" ||
		fail "the PF never held the $2 request"
}

# race_settle: the held reply was released and the driver had time to act
# on it (and on what waited behind it).
race_settle() {
	sleep $((RACE_HOLD_MS / 1000 + 2))
}

# race_reap SLOT: after the case (deferred), delete the zombies a race left
# on the driver's or the PF's list: they have no VLAN device to delete, so
# each gets one for a moment, and deleting it takes the normal path. The
# case's own audit_now has named them already; the next case starts clean.
race_reap() {
	local s=$1 vid

	# First the case's own VLAN devices, so a zombie's device fits under
	# the PF's limit.
	for vid in $(vlan_dev_vids "$s"); do
		vlan_del "$s" "$vid" 2>/dev/null
	done
	sleep 1
	state_refresh >/dev/null 2>&1
	for vid in $( { drv_filters "$s" | awk '{ print $1 }'; pf_dump_vlans "$s" 2>/dev/null | tr ' ' '\n'; } | sort -un); do
		diag "reaping VID $vid left without a VLAN device on ${VF_DEV[$s]}"
		vlan_add "$s" "$vid" 2>/dev/null && vlan_del "$s" "$vid" 2>/dev/null
	done
	sleep 1
}

# race_open_window SLOT: VLAN 100 ACTIVE, then VLAN 101 added while the PF
# holds its ADD: the VF's virtchnl slot is busy, so whatever the driver
# queues next (a DEL, the down's requests) waits.
race_open_window() {
	vlans_add "$1" 100
	expect_vlans "$1" 100 "before the race"
	race_hold "$1" add_vlan_v2
	vlans_add "$1" 101
	race_held "$1" add_vlan_v2
}

# vf_cycle SLOT: down, a pause for the driver's DEL to go out, up: what an
# operator (or NetworkManager) does later.
vf_cycle() {
	vf_down "$1"
	sleep 1
	vf_up "$1"
}

# The seed's failure: a VLAN deleted while its ADD is unanswered, then
# down/up. The unfixed driver's iavf_down turns the pending REMOVE into
# DISABLE, the DEL reply path into INACTIVE, and the next open re-adds it:
# a zombie filter with no VLAN device that holds one of the 8 slots, so
# the 8th VLAN device fails with EIO.
race_del_updown_8th() {
	defer race_reap "$A"
	race_open_window "$A"
	vlans_del "$A" 101
	# The down's own requests wait behind the held one too: up once the
	# PF has caught up (ice would answer an earlier up with EBUSY).
	vf_down "$A"
	race_settle
	vf_up "$A"
	sleep 2
	vf_cycle "$A"
	expect_vlans "$A" 100 "after the raced delete and two down/up"
	vlans_add "$A" 102 103 104 105 106 107 108
	expect_vlans "$A" "100 102 103 104 105 106 107 108" "with 8 VLAN devices"
	audit_now
}

# A delete still queued when the VF moves to another namespace (dev_close,
# then open once it is back). The PF holds the reply to the ADD of 101, so
# the DEL of 100 waits in the driver as REMOVE; the move's iavf_down turns
# it DISABLE, its DEL then turns it INACTIVE instead of freeing it, and the
# open in the namespace re-adds it: 100 is back on the PF with no VLAN
# device (a zombie).
race_ns_move_del_inflight() {
	defer race_reap "$A"
	race_open_window "$A"
	vlans_del "$A" 100
	nsip "$A" link set "${VF_DEV[$A]}" netns 1 || fail "move out failed"
	ip link set "${VF_DEV[$A]}" netns "${VF_NS[$A]}" || fail "move back failed"
	race_settle
	vf_up "$A"
	sleep 2
	expect_vlans "$A" 101 "after the namespace round trip"
	audit_now
}

# Down/up while the PF is slow to answer the MAC filter delete that
# iavf_down queues first: the unfixed driver sends the VLAN DEL (DISABLE ->
# INACTIVE) only after that answer, when the open has already run its
# restore (INACTIVE -> ADD). Every VLAN filter stays INACTIVE with the link
# up: on no PF list, while the VLAN devices exist (lost), and their
# traffic stops.
race_updown_slow_pf() {
	defer race_reap "$A"
	vlans_add "$A" 100 101
	expect_vlans "$A" "100 101" "before the race"
	race_hold "$A" del_eth_addr
	vf_down "$A"
	race_held "$A" del_eth_addr
	vf_up "$A" || fail "up after down failed"
	race_settle
	expect_vlans "$A" "100 101" "after down/up with a slow PF"
	audit_now
}
