# SPDX-License-Identifier: GPL-2.0
#
# The ping group (cases 36-51): traffic over VLANs between the two VFs,
# across the events of the other groups. Each case first checks that
# untagged traffic flows and skips ("no data path") when it does not.
# Needs lib/vf.sh.
CASES+=(
"36|ping|ping_basic|basic VLAN traffic"
"37|ping|ping_5_vlans|5 VLANs simultaneously"
"38|ping|ping_vf_updown|survives VF down/up"
"39|ping|ping_vf_flap_x10|survives 10x rapid VF flap"
"40|ping|ping_vf_flr|survives VF PCI FLR"
"41|ping|ping_pf_flap|survives PF link flap"
"42|ping|ping_pf_flr|survives PF PCI FLR"
"43|ping|ping_other_churn|stable while adding/removing other VLANs"
"44|ping|ping_3_updown|all 3 VLANs work after down/up"
"45|ping|ping_parallel_churn|parallel VLAN churn from both VFs"
"46|ping|ping_after_churn|VLANs work after rapid add/del churn"
"47|ping|ping_ns_move|VLANs survive repeated NS move cycle"
"48|ping|ping_all_pf_flap|all VLANs survive PF link flap"
"49|ping|ping_isolation|VLAN isolation (no cross-VLAN leakage)"
"50|ping|ping_spoofchk|traffic works with spoofchk enabled"
"51|ping|ping_pvid|port VLAN (PF-assigned pvid)"
)

vid_net() { echo "10.$(($1 / 256)).$(($1 % 256))"; }

# ping_vlan_setup VID...: VLAN devices with addresses on both VFs.
ping_vlan_setup() {
	local v

	for v in "$@"; do
		vlans_add "$A" "$v"
		vlans_add "$B" "$v"
		nsip "$A" addr add "$(vid_net "$v").1/24" dev "vl$v"
		nsip "$B" addr add "$(vid_net "$v").2/24" dev "vl$v"
		nsip "$A" link set "vl$v" up
		nsip "$B" link set "vl$v" up
	done
}

ping_once() {
	in_ns "${VF_NS[$A]}" ping -c 1 -W 1 "$1" >/dev/null 2>&1
}

# expect_ping VID...: A reaches B over each VLAN.
expect_ping() {
	local v

	for v in "$@"; do
		busywait "${PING_MS:-15000}" ping_once "$(vid_net "$v").2" ||
			fail "no ping from A to B over VLAN $v"
	done
}

expect_no_ping() {
	! ping_once "$1" && ! ping_once "$1" && return 0
	fail "$2"
}

# need_datapath: ping cases skip when plain untagged traffic between the
# two VFs does not work (no switch between them, or no lab data path).
need_datapath() {
	local r

	r=$(cat "$ART/ping.prereq" 2>/dev/null)
	if [ -z "$r" ]; then
		nsip "$A" addr add 192.0.2.1/24 dev "${VF_DEV[$A]}"
		nsip "$B" addr add 192.0.2.2/24 dev "${VF_DEV[$B]}"
		if busywait 15000 ping_once 192.0.2.2; then
			r=ok
		else
			r="untagged ping between the two VFs fails: no data path (the lab's VF data path is not implemented yet, or the VFs are not on one switch)"
		fi
		nsip "$A" addr flush dev "${VF_DEV[$A]}"
		nsip "$B" addr flush dev "${VF_DEV[$B]}"
		echo "$r" >"$ART/ping.prereq"
	fi
	[ "$r" = ok ] || skip "$r"
}

ping_basic() {
	need_datapath
	ping_vlan_setup 100
	expect_ping 100
}

ping_5_vlans() {
	need_datapath
	ping_vlan_setup $FIVE
	expect_ping $FIVE
}

ping_vf_updown() {
	need_datapath
	ping_vlan_setup 100
	expect_ping 100
	vf_down "$A"
	vf_up "$A"
	expect_ping 100
}

ping_vf_flap_x10() {
	local i

	need_datapath
	ping_vlan_setup 100
	expect_ping 100
	for i in $(seq 10); do
		echo "link set ${VF_DEV[$A]} down"
		echo "link set ${VF_DEV[$A]} up"
	done | nsbatch "$A" || fail "a flap failed"
	expect_ping 100
}

ping_vf_flr() {
	local m

	need_datapath
	ping_vlan_setup 100
	expect_ping 100
	m=$(mark)
	check "VF FLR failed" pf_vf_flr "$A"
	wait_reset "$A" "$m"
	expect_ping 100
}

ping_pf_flap() {
	need_datapath
	ping_vlan_setup 100
	expect_ping 100
	check "PF link flap failed" pf_link_flap
	expect_ping 100
}

ping_pf_flr() {
	local m

	need_datapath
	ping_vlan_setup 100
	expect_ping 100
	m=$(mark)
	check "PF PCI FLR failed" pf_pci_flr
	wait_reset "$A" "$m"
	expect_ping 100
}

ping_other_churn() {
	local i v

	need_datapath
	ping_vlan_setup 100
	expect_ping 100
	for i in $(seq 5); do
		for v in 200 201 202; do
			vlan_add "$A" "$v"
		done
		ping_once "$(vid_net 100).2" || fail "ping over VLAN 100 lost during churn round $i"
		for v in 200 201 202; do
			vlan_del "$A" "$v"
		done
	done
	expect_ping 100
	expect_vlans "$A" 100 "after the churn"
}

ping_3_updown() {
	need_datapath
	ping_vlan_setup 100 200 300
	expect_ping 100 200 300
	vf_down "$A"
	vf_down "$B"
	vf_up "$A"
	vf_up "$B"
	expect_ping 100 200 300
}

ping_parallel_churn() {
	local pa pb i

	need_datapath
	ping_vlan_setup 100
	expect_ping 100
	for i in $(seq 20); do
		echo "link add link VF name vl300 type vlan id 300"
		echo "link del vl300"
	done >"$ART/churn.batch"
	sed "s/ VF / ${VF_DEV[$A]} /" "$ART/churn.batch" | nsbatch "$A" &
	pa=$!
	sed "s/ VF / ${VF_DEV[$B]} /" "$ART/churn.batch" | nsbatch "$B" &
	pb=$!
	wait "$pa" || fail "churn on A failed"
	wait "$pb" || fail "churn on B failed"
	expect_ping 100
	expect_vlans "$A" 100 "A after churn"
	expect_vlans "$B" 100 "B after churn"
}

ping_after_churn() {
	local i

	need_datapath
	for i in $(seq 20); do
		echo "link add link ${VF_DEV[$A]} name vl100 type vlan id 100"
		echo "link del vl100"
	done | nsbatch "$A" || fail "churn failed"
	ping_vlan_setup 100
	expect_ping 100
}

ping_ns_move() {
	local i

	need_datapath
	ping_vlan_setup 100
	expect_ping 100
	for i in 1 2 3; do
		# The VF leaves its namespace and comes back: a VLAN device keeps
		# its lower device across namespaces, so VLAN, filter and traffic
		# must all survive the trip (the driver goes down and up).
		nsip "$A" link set "${VF_DEV[$A]}" netns 1 || { fail "move out $i failed"; break; }
		ip link set "${VF_DEV[$A]}" netns "${VF_NS[$A]}" || { fail "move back $i failed"; break; }
		vf_up "$A"
		expect_vlans "$A" 100 "after move cycle $i"
		expect_ping 100
	done
}

ping_all_pf_flap() {
	need_datapath
	ping_vlan_setup 100 200 300
	expect_ping 100 200 300
	check "PF link flap failed" pf_link_flap
	expect_ping 100 200 300
}

ping_isolation() {
	need_datapath
	ping_vlan_setup 100
	vlans_add "$A" 200
	vlans_add "$B" 300
	nsip "$A" addr add 10.99.0.1/24 dev vl200
	nsip "$B" addr add 10.99.0.2/24 dev vl300
	nsip "$A" link set vl200 up
	nsip "$B" link set vl300 up
	expect_ping 100
	expect_no_ping 10.99.0.2 "VLAN 200 on A reached VLAN 300 on B"
}

ping_spoofchk() {
	need_datapath
	check "spoofchk on A" pf_set_spoofchk "$A" on
	check "spoofchk on B" pf_set_spoofchk "$B" on
	ping_vlan_setup 100
	expect_ping 100
}

ping_pvid() {
	local m

	need_datapath
	m=$(mark)
	defer pf_set_pvid "$B" 0
	defer pf_set_pvid "$A" 0
	check "pvid on A" pf_set_pvid "$A" 100
	check "pvid on B" pf_set_pvid "$B" 100
	wait_reset "$A" "$m"
	wait_reset "$B" "$m"
	nsip "$A" addr add 192.0.2.1/24 dev "${VF_DEV[$A]}"
	nsip "$B" addr add 192.0.2.2/24 dev "${VF_DEV[$B]}"
	busywait 15000 ping_once 192.0.2.2 || fail "no ping with port VLAN 100 on both VFs"
	m=$(mark)
	check "pvid 200 on B" pf_set_pvid "$B" 200
	wait_reset "$B" "$m"
	expect_no_ping 192.0.2.2 "port VLAN 100 on A reached port VLAN 200 on B"
}
