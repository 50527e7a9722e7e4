# SPDX-License-Identifier: GPL-2.0
#
# The reset group (cases 24-35): VLAN filters across VF and PF resets,
# PF link flaps and a driver unbind/bind. Needs lib/vf.sh.
CASES+=(
"24|reset|reset_vf_flr|VLANs recover after VF PCI FLR"
"25|reset|reset_vf_flr_5|5 VLANs recover after VF PCI FLR"
"26|reset|reset_vf_flr_rapid_x5|rapid VF resets x5 with VLANs"
"27|reset|reset_pf_flap|VLANs survive PF link flap"
"28|reset|reset_pf_flap_5|5 VLANs survive PF link flap"
"29|reset|reset_pf_flap_x3|VLANs survive 3x PF link flap"
"30|reset|reset_pf_flr|VLANs survive PF PCI FLR"
"31|reset|reset_vf_flr_8|all 8 VLANs recover after VF FLR"
"32|reset|reset_pf_flap_8|all 8 VLANs survive PF link flap"
"33|reset|reset_pf_flr_8|all 8 VLANs survive PF PCI FLR"
"34|reset|reset_flr_race|FLR during VLAN add/del (race)"
"35|reset|reset_unbind_bind|VF driver unbind/bind cycle"
)

reset_vf_flr() {
	local m

	vlans_add "$A" 100
	expect_vlans "$A" 100 "before the FLR"
	m=$(mark)
	check "VF FLR failed" pf_vf_flr "$A"
	wait_reset "$A" "$m"
	expect_vlans "$A" 100 "after VF FLR"
}

reset_vf_flr_5() {
	local m

	vlans_add "$A" $FIVE
	expect_vlans "$A" "$FIVE" "before the FLR"
	m=$(mark)
	check "VF FLR failed" pf_vf_flr "$A"
	wait_reset "$A" "$m"
	expect_vlans "$A" "$FIVE" "after VF FLR"
}

reset_vf_flr_rapid_x5() {
	local m i

	vlans_add "$A" 100 200 300
	expect_vlans "$A" "100 200 300" "before the resets"
	m=$(mark)
	for i in 1 2 3 4 5; do
		check "VF FLR $i failed" pf_vf_flr "$A"
	done
	wait_reset "$A" "$m"
	expect_vlans "$A" "100 200 300" "after 5 rapid VF FLRs"
}

flap_and_expect() {
	local times=$1 vids=$2 i

	vlans_add "$A" $vids
	vlans_add "$B" $vids
	expect_vlans "$A" "$vids" "A before the flap"
	expect_vlans "$B" "$vids" "B before the flap"
	for i in $(seq "$times"); do
		check "PF link flap $i failed" pf_link_flap
	done
	expect_vlans "$A" "$vids" "A after $times PF link flap(s)"
	expect_vlans "$B" "$vids" "B after $times PF link flap(s)"
}

reset_pf_flap() { flap_and_expect 1 100; }
reset_pf_flap_5() { flap_and_expect 1 "$FIVE"; }
reset_pf_flap_x3() { flap_and_expect 3 "100 200"; }
reset_pf_flap_8() { flap_and_expect 1 "$EIGHT"; }

pf_flr_and_expect() {
	local vids=$1 ma

	vlans_add "$A" $vids
	vlans_add "$B" $vids
	expect_vlans "$A" "$vids" "A before the PF FLR"
	expect_vlans "$B" "$vids" "B before the PF FLR"
	ma=$(mark)
	check "PF PCI FLR failed" pf_pci_flr
	wait_reset "$A" "$ma"
	wait_reset "$B" "$ma"
	expect_vlans "$A" "$vids" "A after PF PCI FLR"
	expect_vlans "$B" "$vids" "B after PF PCI FLR"
}

reset_pf_flr() { pf_flr_and_expect 100; }
reset_pf_flr_8() { pf_flr_and_expect "$EIGHT"; }

reset_vf_flr_8() {
	local m

	vlans_add "$A" $EIGHT
	expect_vlans "$A" "$EIGHT" "before the FLR"
	m=$(mark)
	check "VF FLR failed" pf_vf_flr "$A"
	wait_reset "$A" "$m"
	expect_vlans "$A" "$EIGHT" "all 8 after VF FLR"
}

reset_flr_race() {
	local churn i m

	vlans_add "$A" 300
	expect_vlans "$A" 300 "before the race"
	# Churn 100/200 while the VF is reset under it; single ops may fail
	# during the reset (-force goes on), the end state must be coherent.
	for i in $(seq 30); do
		echo "link add link ${VF_DEV[$A]} name vl100 type vlan id 100"
		echo "link add link ${VF_DEV[$A]} name vl200 type vlan id 200"
		echo "link del vl100"
		echo "link del vl200"
	done >"$ART/race.batch"
	ip -n "${VF_NS[$A]}" -force -batch "$ART/race.batch" >/dev/null 2>&1 &
	churn=$!
	m=$(mark)
	check "VF FLR failed" pf_vf_flr "$A"
	wait "$churn"
	wait_reset "$A" "$m"
	# Whatever VLAN devices survived must be ACTIVE in driver and PF.
	expect_vlans "$A" "$(vlan_dev_vids "$A")" "after the race"
	case " $(vlan_dev_vids "$A") " in
	*" 300 "*) ;;
	*) fail "VLAN 300, untouched by the churn, is gone" ;;
	esac
}

reset_unbind_bind() {
	vlans_add "$A" 100 200 300
	expect_vlans "$A" "100 200 300" "before unbind"
	check "unbind/bind failed" vf_unbind_bind "$A"
	check "the rebound VF did not come back" rehome_vf "$A"
	# The new instance starts with no filter, the PF wiped them on reset.
	expect_vlans "$A" "" "after unbind/bind"
	vlans_add "$A" 100
	expect_vlans "$A" 100 "a VLAN on the rebound VF"
}
