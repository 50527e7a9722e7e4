# SPDX-License-Identifier: GPL-2.0
#
# The case bodies' helpers: the two VFs (slot A = 0, B = 1, each in its
# own namespace: VF_NS, VF_DEV), their VLAN devices (VID V is "vlV"), and
# "ACTIVE everywhere" (expect_vlans): the VLAN devices, the driver's filter
# list (monitor.sh: every filter ACTIVE) and the PF's list (when the back
# end can show it) all hold exactly the given VIDs. Sourced; needs lib.sh,
# pf.sh, monitor.sh and audit.sh.

# Used by the group files.
# shellcheck disable=SC2034
A=0
B=1
# The untrusted VLAN limit of ice (ICE_MAX_VLAN_PER_VF).
MAX_VLANS=8
EIGHT="100 101 102 103 104 105 106 107"
FIVE="100 101 102 103 104"

nsip() {
	local s=$1

	shift
	ip -n "${VF_NS[$s]}" "$@"
}

vlan_add() { nsip "$1" link add link "${VF_DEV[$1]}" name "vl$2" type vlan id "$2"; }
vlan_del() { nsip "$1" link del "vl$2"; }
vf_down() { nsip "$1" link set "${VF_DEV[$1]}" down; }
vf_up() { nsip "$1" link set "${VF_DEV[$1]}" up; }

# vlans_add SLOT VID...: each add must succeed.
vlans_add() {
	local s=$1 v

	shift
	for v in "$@"; do
		check "adding VLAN $v on ${VF_DEV[$s]} failed" vlan_add "$s" "$v"
	done
}

vlans_del() {
	local s=$1 v

	shift
	for v in "$@"; do
		check "removing VLAN $v from ${VF_DEV[$s]} failed" vlan_del "$s" "$v"
	done
}

norm() {
	[ $# -gt 0 ] || return 0
	printf '%s\n' "$@" | sort -n | tr '\n' ' ' | sed 's/ $//'
}

views() {
	local pf

	state_refresh >/dev/null 2>&1
	pf=$(pf_dump_vlans "$1" 2>/dev/null) || pf="n/a"
	echo "devices [$(vlan_dev_vids "$1")], driver [$(drv_filters "$1" | tr '\n' ',' | sed 's/,$//')], PF [$pf]"
}

# vlans_match SLOT "VIDS": devices, driver (all ACTIVE) and PF agree.
vlans_match() {
	local want pf rc

	want=$(norm $2)
	[ "$(vlan_dev_vids "$1")" = "$want" ] || return 1
	if [ -n "$DRV_VIEW" ]; then
		state_refresh || return 1
		[ "$(drv_filters "$1" | awk '{ print $1 }' | tr '\n' ' ' | sed 's/ $//')" = "$want" ] || return 1
		[ "$(drv_active_vids "$1")" = "$want" ] || return 1
	fi
	pf=$(pf_dump_vlans "$1" 2>/dev/null); rc=$?
	[ "$rc" = 4 ] || [ "$pf" = "$want" ]
}

# expect_vlans SLOT "VIDS" [WHAT]: wait until they match; fail if never.
expect_vlans() {
	busywait "$SETTLE_MS" vlans_match "$1" "$2" && return 0
	fail "${3:-VLANs} on ${VF_DEV[$1]}: want [$(norm $2)] ACTIVE everywhere; have $(views "$1")"
	return 1
}

# wait_reset SLOT MARK: the driver finished a reset since MARK.
wait_reset() {
	if [ "$VIEW_TP" != 1 ]; then
		diag "cannot see the reset without the driver's tracepoints"
		return 0
	fi
	busywait "$SETTLE_MS" reset_seen "$1" "$2" && return 0
	fail "the driver of ${VF_DEV[$1]} did not finish a reset"
	return 1
}

vf_netdev_here() {
	ls "/sys/bus/pci/devices/${VF_PCI[$1]}/net" 2>/dev/null | head -1 | grep .
}

# rehome_vf SLOT: the VF's netdev, back in init_net (new driver instance
# or namespace gone), returns to its namespace under its old name.
rehome_vf() {
	local s=$1 cur

	busywait 30000 vf_netdev_here "$s" >/dev/null || return 1
	cur=$(vf_netdev_here "$s")
	if [ "$cur" != "${VF_DEV[$s]}" ]; then
		ip link set "$cur" name "${VF_DEV[$s]}" || return 1
	fi
	ip link set "${VF_DEV[$s]}" netns "${VF_NS[$s]}" || return 1
	vf_up "$s"
}

case_prologue() {
	local s

	for s in 0 1; do
		if ! nsip "$s" link show "${VF_DEV[$s]}" >/dev/null 2>&1; then
			diag "${VF_DEV[$s]} was not in ${VF_NS[$s]}: bringing it back"
			rehome_vf "$s" || diag "cannot bring ${VF_DEV[$s]} back"
		fi
		vf_up "$s" 2>/dev/null
	done
	defer case_cleanup
}

# Whatever a case leaves: VLAN devices, addresses, PF settings, faults.
case_cleanup() {
	local s d

	for s in 0 1; do
		for d in $(nsip "$s" -o link show type vlan 2>/dev/null | awk -F': ' '{ print $2 }' | cut -d@ -f1); do
			nsip "$s" link del "$d"
		done
		nsip "$s" addr flush dev "${VF_DEV[$s]}" 2>/dev/null
		vf_up "$s" 2>/dev/null
	done
	pf_fault_clear >/dev/null 2>&1
	return 0
}

# Batches through one ip process: as fast as user space can go.
nsbatch() {
	local s=$1

	ip -n "${VF_NS[$s]}" -batch -
}

# parallel SLOT OP VID...: one ip process per VID at once; fails on any.
parallel() {
	local s=$1 op=$2 v pids=() p bad=0

	shift 2
	for v in "$@"; do
		if [ "$op" = add ]; then vlan_add "$s" "$v" & else vlan_del "$s" "$v" & fi
		pids+=($!)
	done
	for p in "${pids[@]}"; do
		wait "$p" || bad=$((bad + 1))
	done
	[ "$bad" = 0 ] || fail "$bad of $# parallel ${op}s failed"
}

