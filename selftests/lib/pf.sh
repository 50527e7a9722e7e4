# SPDX-License-Identifier: GPL-2.0
#
# PF-side actions on the suite's two VFs, behind one small interface. The
# case bodies call only these; PF_BACKEND picks who carries them out:
#
#   hw    a real SR-IOV PF (ice): `ip link set PF vf N ...`, sysfs resets.
#         PF_DEV     PF netdev (required)
#         PF_PCI     PF PCI address (default: from PF_DEV)
#         VF0_IDX, VF1_IDX  VF numbers on the PF (default 0 and 1)
#   lab   the emulated ice-like PF of lab/qemu: pfctl speaks the text
#         language of lab/vfmodel/vfmodel.h to the PF through the lab's
#         iavf-pfctl PCI function (QEMU -device iavf-pfctl,pf=pf0).
#         PFCTL      pfctl binary (default: pfctl in PATH)
#         PFCTL_PCI  that function's address (default: pfctl finds it)
#         The VFs: the first two iavf-bound 8086:1889 functions.
#   fake  records every call in PF_FAKE_LOG; pf_dump_vlans prints the file
#         PF_FAKE_DUMP.<slot>: for the suite's own host-side self-test.
#
# VFs are addressed by slot, 0 or 1. Every function returns 0 on success,
# 1 on failure and 4 (KSFT_SKIP) when the back end cannot do it, e.g. a
# real ice PF does not show a VF's VLAN filter list.
#
# After pf_init: VF_PCI[slot] is each VF's PCI address, VF_IDX[slot] its
# number on the PF.

PF_BACKEND=${PF_BACKEND:-}
VF_PCI=()
VF_IDX=()

pf_err() {
	echo "pf.sh: $*" >&2
}

pf_init() {
	if [ -z "$PF_BACKEND" ]; then
		if [ "${LAB_GUEST:-0}" = 1 ]; then PF_BACKEND=lab; else PF_BACKEND=hw; fi
	fi
	case "$PF_BACKEND" in
	hw|lab|fake) "pf_${PF_BACKEND}_init" ;;
	*) pf_err "unknown PF_BACKEND=$PF_BACKEND (hw, lab or fake)"; return 1 ;;
	esac
}

pf_describe() { "pf_${PF_BACKEND}_describe"; }
# A reset of the VF the PF sees as VFLR: PCIe FLR of the VF function.
pf_vf_flr() { "pf_${PF_BACKEND}_vf_flr" "$1"; }
# PF link down then up (every VF sees LINK_CHANGE).
pf_link_flap() { "pf_${PF_BACKEND}_link_flap"; }
# PCIe FLR of the PF: every VF is reset.
pf_pci_flr() { "pf_${PF_BACKEND}_pci_flr"; }
pf_set_trust() { "pf_${PF_BACKEND}_set_trust" "$1" "$2"; }
pf_set_spoofchk() { "pf_${PF_BACKEND}_set_spoofchk" "$1" "$2"; }
# pf_set_pvid SLOT VID: port VLAN, 0 clears it.
pf_set_pvid() { "pf_${PF_BACKEND}_set_pvid" "$1" "$2"; }
# pf_dump_vlans SLOT: the non-zero VIDs the PF holds for the VF, sorted,
# space separated on one line.
pf_dump_vlans() { "pf_${PF_BACKEND}_dump_vlans" "$1"; }
# pf_fault_delay SLOT OP MS: delay the PF's next reply to virtchnl OP
# (e.g. del_vlan_v2), to open a race window.
pf_fault_delay() { "pf_${PF_BACKEND}_fault_delay" "$1" "$2" "$3"; }
# pf_vf_reset SLOT: the PF resets the VF (lab only; 4 elsewhere).
pf_vf_reset() { "pf_${PF_BACKEND}_vf_reset" "$1"; }
# pf_set_vlan_caps SLOT v1|v2: the VLAN capabilities the PF offers the VF
# from its next reset on (lab only; 4 elsewhere).
pf_set_vlan_caps() { "pf_${PF_BACKEND}_set_vlan_caps" "$1" "$2"; }
# pf_has_vid SLOT VID: the PF's list of the VF has VID.
pf_has_vid() {
	case " $(pf_dump_vlans "$1" 2>/dev/null) " in
	*" $2 "*) return 0 ;;
	*) return 1 ;;
	esac
}
# pf_fault_held SLOT OP: the PF holds the VF's OP request right now (it
# arrived, is neither applied nor answered, and holds every later one, as
# ice's in-order mailbox does). 4: the back end cannot tell.
pf_fault_held() { "pf_${PF_BACKEND}_fault_held" "$1" "$2"; }
# pf_fault_reject SLOT OP STATUS [COUNT]: the PF rejects the next OP
# (the next COUNT of them, lab only; default 1) with STATUS.
pf_fault_reject() { "pf_${PF_BACKEND}_fault_reject" "$1" "$2" "$3" "${4:-1}"; }
# pf_fault_reject_held SLOT OP STATUS MS: the PF holds the VF's next OP
# request MS ms, as pf_fault_delay does (in order, unapplied), then
# rejects it with STATUS: a slow PF that ends up saying no.
pf_fault_reject_held() { "pf_${PF_BACKEND}_fault_reject_held" "$1" "$2" "$3" "$4"; }
pf_fault_clear() { "pf_${PF_BACKEND}_fault_clear"; }
# pf_mbx_pending SLOT N: the PF has exactly N requests of the VF received
# and not yet answered, the held one included (lab only; 4 elsewhere).
pf_mbx_pending() { "pf_${PF_BACKEND}_mbx_pending" "$1" "$2"; }
# Unbind the VF from its driver and bind it again (sysfs, both back ends
# but fake).
vf_unbind_bind() { "pf_${PF_BACKEND}_unbind_bind" "$1"; }

# ---- shared by hw and lab: the VF's own PCI function ----

pci_dev_dir() {
	echo "/sys/bus/pci/devices/$1"
}

# The kernel tries FLR first on a function that has it (VFs do); the
# reset_method attribute is left alone, it is the host's setting.
sysfs_vf_flr() {
	echo 1 >"$(pci_dev_dir "${VF_PCI[$1]}")/reset"
}

sysfs_unbind_bind() {
	local bdf=${VF_PCI[$1]} drv

	drv=$(readlink "$(pci_dev_dir "$bdf")/driver") || { pf_err "$bdf has no driver"; return 1; }
	drv=${drv##*/}
	echo "$bdf" >"/sys/bus/pci/drivers/$drv/unbind" || return 1
	echo "$bdf" >"/sys/bus/pci/drivers/$drv/bind"
}

# ---- hw: a real SR-IOV PF ----

pf_hw_init() {
	local slot vfn dir

	[ -n "${PF_DEV:-}" ] || { pf_err "PF_DEV (the PF netdev) is not set"; return 1; }
	[ -e "/sys/class/net/$PF_DEV" ] || { pf_err "no netdev $PF_DEV"; return 1; }
	PF_PCI=${PF_PCI:-$(basename "$(readlink -f "/sys/class/net/$PF_DEV/device")")}
	VF_IDX=("${VF0_IDX:-0}" "${VF1_IDX:-1}")
	for slot in 0 1; do
		vfn=${VF_IDX[$slot]}
		dir=/sys/bus/pci/devices/$PF_PCI/virtfn$vfn
		[ -e "$dir" ] || { pf_err "$PF_PCI has no VF $vfn (sriov_numvfs?)"; return 1; }
		VF_PCI[$slot]=$(basename "$(readlink -f "$dir")")
	done
}

pf_hw_describe() {
	echo "hw: PF $PF_DEV ($PF_PCI), VF ${VF_IDX[0]} ${VF_PCI[0]}, VF ${VF_IDX[1]} ${VF_PCI[1]}"
}

pf_hw_vf_flr() { sysfs_vf_flr "$1"; }

pf_hw_link_flap() {
	ip link set "$PF_DEV" down && ip link set "$PF_DEV" up
}

pf_hw_pci_flr() {
	echo 1 >"$(pci_dev_dir "$PF_PCI")/reset"
}

pf_hw_set_trust() { ip link set "$PF_DEV" vf "${VF_IDX[$1]}" trust "$2"; }
pf_hw_set_spoofchk() { ip link set "$PF_DEV" vf "${VF_IDX[$1]}" spoofchk "$2"; }
pf_hw_set_pvid() { ip link set "$PF_DEV" vf "${VF_IDX[$1]}" vlan "$2"; }
# ice does not export a VF's VLAN filters to user space.
pf_hw_dump_vlans() { return 4; }
pf_hw_fault_delay() { return 4; }
pf_hw_fault_reject() { return 4; }
pf_hw_fault_held() { return 4; }
pf_hw_fault_reject_held() { return 4; }
pf_hw_mbx_pending() { return 4; }
pf_hw_set_vlan_caps() { return 4; }
pf_hw_vf_reset() { return 4; }
pf_hw_fault_clear() { return 0; }
pf_hw_unbind_bind() { sysfs_unbind_bind "$1"; }

# ---- lab: the emulated PF ----

pfctl_cmd() {
	if [ -n "${PFCTL_PCI:-}" ]; then
		"${PFCTL:-pfctl}" -d "$PFCTL_PCI" "$@"
	else
		"${PFCTL:-pfctl}" "$@"
	fi
}

# The emulated VFs bound to a driver, one PCI address a line.
lab_bound_vfs() {
	local d

	for d in /sys/bus/pci/devices/*; do
		[ "$(cat "$d/vendor")" = 0x8086 ] && [ "$(cat "$d/device")" = 0x1889 ] || continue
		[ -e "$d/driver" ] && basename "$d"
	done
}

pf_lab_init() {
	local bdf mac idx slot=0 bound dump

	mapfile -t bound < <(lab_bound_vfs)
	[ "${#bound[@]}" -ge 2 ] || { pf_err "need two iavf-bound VFs, found ${#bound[@]}"; return 1; }
	dump=$(pfctl_cmd dump) || { pf_err "pfctl dump failed (is there a -device iavf-pfctl?)"; return 1; }
	# The PF's VF number of a function: the dump line with its MAC.
	for bdf in "${bound[@]:0:2}"; do
		mac=$(cat /sys/bus/pci/devices/"$bdf"/net/*/address 2>/dev/null | head -1)
		idx=$(printf '%s\n' "$dump" | awk -v m="mac=$mac" '
			{ for (i = 1; i <= NF; i++) if ($i == m) { for (j = 1; j <= NF; j++)
				if ($j ~ /^vf=/) { sub(/^vf=/, "", $j); print $j; exit } } }')
		[ -n "$idx" ] || { pf_err "no PF VF entry with the MAC $mac of $bdf"; return 1; }
		VF_PCI[$slot]=$bdf
		VF_IDX[$slot]=$idx
		slot=$((slot + 1))
	done
}

pf_lab_describe() {
	echo "lab: emulated PF via pfctl${PFCTL_PCI:+ on $PFCTL_PCI}, VF ${VF_IDX[0]} ${VF_PCI[0]}, VF ${VF_IDX[1]} ${VF_PCI[1]}"
}

pf_lab_vf_flr() { sysfs_vf_flr "$1"; }

pf_lab_link_flap() {
	pfctl_cmd link down >/dev/null && pfctl_cmd link up >/dev/null
}

pf_lab_pci_flr() { pfctl_cmd reset pf >/dev/null; }
pf_lab_set_trust() { pfctl_cmd trust "vf=${VF_IDX[$1]}" "$2" >/dev/null; }
pf_lab_set_spoofchk() { pfctl_cmd spoofchk "vf=${VF_IDX[$1]}" "$2" >/dev/null; }
pf_lab_set_pvid() { pfctl_cmd pvid "vf=${VF_IDX[$1]}" "$2" >/dev/null; }

pf_lab_dump_vlans() {
	local line

	line=$(pfctl_cmd dump "vf=${VF_IDX[$1]}") || return 1
	printf '%s\n' "$line" | awk -v want="vf=${VF_IDX[$1]}" '
		{ hit = 0; for (i = 1; i <= NF; i++) if ($i == want) hit = 1 }
		hit { for (i = 1; i <= NF; i++) if ($i ~ /^vlans=/) {
			sub(/^vlans=/, "", $i); n = split($i, v, ",")
			for (j = 1; j <= n; j++) if (v[j] != "" && v[j] != "0" && v[j] != "-") print v[j]
		} }' | sort -n | tr '\n' ' ' | sed 's/ $//'
	echo
}

pf_lab_vf_reset() { pfctl_cmd reset "vf=${VF_IDX[$1]}" >/dev/null; }
pf_lab_set_vlan_caps() { pfctl_cmd caps "vf=${VF_IDX[$1]}" "vlan=$2" >/dev/null; }

pf_lab_fault_held() {
	pfctl_cmd dump "vf=${VF_IDX[$1]}" | grep -q " held=$2 "
}

pf_lab_fault_delay() {
	pfctl_cmd fault "vf=${VF_IDX[$1]}" "op=$2" delay "ms=$3" count=1 >/dev/null
}

pf_lab_fault_reject() {
	pfctl_cmd fault "vf=${VF_IDX[$1]}" "op=$2" reject "status=$3" "count=${4:-1}" >/dev/null
}

pf_lab_fault_reject_held() {
	pfctl_cmd fault "vf=${VF_IDX[$1]}" "op=$2" reject "status=$3" "ms=$4" count=1 >/dev/null
}

pf_lab_fault_clear() { pfctl_cmd fault clear >/dev/null; }

pf_lab_mbx_pending() {
	pfctl_cmd dump "vf=${VF_IDX[$1]}" | grep -q " pending=$2\( \|\$\)"
}
pf_lab_unbind_bind() { sysfs_unbind_bind "$1"; }

# ---- fake: for the host-side self-test of this library ----

pf_fake_log() {
	echo "$*" >>"${PF_FAKE_LOG:-/dev/null}"
}

pf_fake_init() {
	VF_PCI=(0000:00:00.1 0000:00:00.2)
	VF_IDX=(0 1)
	pf_fake_log init
}

pf_fake_describe() { echo "fake: calls logged to ${PF_FAKE_LOG:-/dev/null}"; }
pf_fake_vf_flr() { pf_fake_log vf_flr "${VF_IDX[$1]}"; }
pf_fake_link_flap() { pf_fake_log link_flap; }
pf_fake_pci_flr() { pf_fake_log pci_flr; }
pf_fake_set_trust() { pf_fake_log trust "${VF_IDX[$1]}" "$2"; }
pf_fake_set_spoofchk() { pf_fake_log spoofchk "${VF_IDX[$1]}" "$2"; }
pf_fake_set_pvid() { pf_fake_log pvid "${VF_IDX[$1]}" "$2"; }

pf_fake_dump_vlans() {
	local f=${PF_FAKE_DUMP:-}.$1

	[ -n "${PF_FAKE_DUMP:-}" ] && [ -r "$f" ] || return 4
	tr -s ' \n' '\n' <"$f" | grep -v '^0*$' | sort -n | tr '\n' ' ' | sed 's/ $//'
	echo
}

pf_fake_fault_delay() { pf_fake_log fault_delay "${VF_IDX[$1]}" "$2" "$3"; }
pf_fake_fault_held() { return 4; }
pf_fake_set_vlan_caps() { return 4; }
pf_fake_vf_reset() { pf_fake_log vf_reset "${VF_IDX[$1]}"; }
pf_fake_fault_reject() { pf_fake_log fault_reject "${VF_IDX[$1]}" "$2" "$3"; }
pf_fake_fault_reject_held() { pf_fake_log fault_reject_held "${VF_IDX[$1]}" "$2" "$3" "$4"; }
pf_fake_fault_clear() { pf_fake_log fault_clear; }
pf_fake_mbx_pending() { return 4; }
pf_fake_unbind_bind() { pf_fake_log unbind_bind "${VF_IDX[$1]}"; }
