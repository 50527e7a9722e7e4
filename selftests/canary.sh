# SPDX-License-Identifier: GPL-2.0
#
# The canary: not part of the suite; proves, in a boot of its own, that the
# audit fails a case that leaves an orphan filter (lab_canary.sh). Selected
# by group (`canary`) or function name only. Needs lib/vf.sh.

CASES_EXTRA+=(
"0|canary|audit_canary|canary: a DEL the PF rejects leaves an orphan the audit must flag"
)

# The PF rejects the DEL of VID 100: the driver puts the filter back to
# ACTIVE (T11) though its VLAN device is gone (R4). The body itself
# passes; the audit after it must fail the case with "leaked ... vid 100".
audit_canary() {
	local m

	vlans_add "$A" 100
	expect_vlans "$A" 100 "before the rejected DEL"
	pf_fault_reject "$A" del_vlan_v2 -5 || skip "the PF back end cannot reject a message"
	m=$(mark)
	vlans_del "$A" 100
	busywait "$SETTLE_MS" transition_seen "$A" "$m" 100 del_reject ||
		fail "the PF's rejection of the DEL never reached the driver"
}
