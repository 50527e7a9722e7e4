# SPDX-License-Identifier: GPL-2.0
#
# The state group (cases 1-23): VLAN filters added and removed, alone, in
# batches, in parallel, across down/up, to the limit and past it. Needs
# lib/vf.sh.
CASES+=(
"1|state|state_basic|basic add/remove"
"2|state|state_8_vlans|8 VLANs add/remove"
"3|state|state_persist_updown|VLAN persists across down/up"
"4|state|state_5_persist_updown|5 VLANs persist across down/up"
"5|state|state_rapid_same_x100|rapid add/del same VLAN x100"
"6|state|state_add_during_remove|add during remove (REMOVING race)"
"7|state|state_bulk_8|bulk 8 add then remove"
"8|state|state_rapid_updown_x20|20x rapid down/up with VLAN"
"9|state|state_add_while_down|add VLAN while down"
"10|state|state_remove_while_down|remove VLAN while down"
"11|state|state_down_remove_up|down -> remove -> up"
"12|state|state_add_many_while_down|add VLANs while down, verify all after up"
"13|state|state_double_add|double add same VLAN (idempotent)"
"14|state|state_double_remove|double remove same VLAN"
"15|state|state_interleaved|interleaved add/remove different VIDs"
"16|state|state_readd_loop_x50|remove+re-add loop x50"
"17|state|state_fill_max|stress 8 VLANs (fill to max)"
"18|state|state_vid_1|VLAN VID 1 (common edge case)"
"19|state|state_vid_4094|VLAN VID 4094 (max)"
"20|state|state_concurrent_add|concurrent VLAN adds (4 parallel)"
"21|state|state_concurrent_del|concurrent VLAN deletes (4 parallel)"
"22|state|state_storm|add/del storm (200 ops, 5 VIDs)"
"23|state|state_over_limit|over-limit VLAN rejected, existing survive"
)

state_basic() {
	vlans_add "$A" 100
	expect_vlans "$A" 100 "after add"
	vlans_del "$A" 100
	expect_vlans "$A" "" "after remove"
}

state_8_vlans() {
	local n

	vlans_add "$A" $EIGHT
	n=$(vlan_dev_vids "$A" | wc -w)
	[ "$n" = 8 ] || fail "only $n of 8 VLAN devices created"
	expect_vlans "$A" "$EIGHT" "after 8 adds"
	vlans_del "$A" $EIGHT
	expect_vlans "$A" "" "after 8 removes"
}

state_persist_updown() {
	vlans_add "$A" 100
	expect_vlans "$A" 100 "before down/up"
	check "down failed" vf_down "$A"
	check "up failed" vf_up "$A"
	expect_vlans "$A" 100 "after down/up"
}

state_5_persist_updown() {
	vlans_add "$A" $FIVE
	expect_vlans "$A" "$FIVE" "before down/up"
	check "down failed" vf_down "$A"
	check "up failed" vf_up "$A"
	expect_vlans "$A" "$FIVE" "after down/up"
}

# Batches through one ip process: as fast as user space can go.
state_rapid_same_x100() {
	local i

	for i in $(seq 100); do
		echo "link add link ${VF_DEV[$A]} name vl100 type vlan id 100"
		echo "link del vl100"
	done | nsbatch "$A"
	check_err $? "an add or delete of the x100 loop failed"
	expect_vlans "$A" "" "after 100 add/del pairs"
	vlans_add "$A" 100
	expect_vlans "$A" 100 "after a final add"
}

drv_state_is() { state_refresh >/dev/null 2>&1 && [ "$(drv_state "$1" "$2")" = "$3" ]; }

state_add_during_remove() {
	local held m

	vlans_add "$A" 100
	expect_vlans "$A" 100 "before the race"
	# Hold the PF's DEL answer so that the re-add lands in REMOVING.
	pf_fault_delay "$A" del_vlan_v2 3000 && held=1 || held=0
	m=$(mark)
	vlans_del "$A" 100
	if [ "$held" = 1 ] && [ "$VIEW_TP" = 1 ]; then
		busywait 3000 drv_state_is "$A" 100 REMOVING ||
			fail "VLAN 100 never reached REMOVING (state $(drv_state "$A" 100))"
	else
		diag "no held DEL reply (back end or driver view missing): racing blind"
	fi
	vlans_add "$A" 100
	if [ "$held" = 1 ] && [ "$VIEW_TP" = 1 ]; then
		transition_seen "$A" "$m" 100 add_requeue ||
			fail "the re-add did not take the REMOVING -> ADD path (T3)"
	fi
	expect_vlans "$A" 100 "after the re-add during REMOVING"
}

state_bulk_8() {
	local v

	for v in $EIGHT; do
		echo "link add link ${VF_DEV[$A]} name vl$v type vlan id $v"
	done | nsbatch "$A"
	check_err $? "bulk add of 8 failed"
	expect_vlans "$A" "$EIGHT" "after bulk add"
	for v in $EIGHT; do echo "link del vl$v"; done | nsbatch "$A"
	check_err $? "bulk remove failed"
	expect_vlans "$A" "" "after bulk remove"
}

state_rapid_updown_x20() {
	local i

	vlans_add "$A" 100
	expect_vlans "$A" 100 "before the flaps"
	for i in $(seq 20); do
		echo "link set ${VF_DEV[$A]} down"
		echo "link set ${VF_DEV[$A]} up"
	done | nsbatch "$A"
	check_err $? "a down/up of the 20 failed"
	expect_vlans "$A" 100 "after 20 down/up"
}

state_add_while_down() {
	check "down failed" vf_down "$A"
	vlans_add "$A" 100
	check "up failed" vf_up "$A"
	expect_vlans "$A" 100 "added while down, after up"
}

state_remove_while_down() {
	vlans_add "$A" 100
	expect_vlans "$A" 100 "before down"
	check "down failed" vf_down "$A"
	vlans_del "$A" 100
	expect_vlans "$A" "" "removed while down (still down)"
	check "up failed" vf_up "$A"
	expect_vlans "$A" "" "after up"
}

state_down_remove_up() {
	vlans_add "$A" 100 200
	expect_vlans "$A" "100 200" "before"
	{
		echo "link set ${VF_DEV[$A]} down"
		echo "link del vl100"
		echo "link set ${VF_DEV[$A]} up"
	} | nsbatch "$A"
	check_err $? "down/remove/up failed"
	expect_vlans "$A" 200 "after down -> remove -> up"
}

state_add_many_while_down() {
	check "down failed" vf_down "$A"
	vlans_add "$A" $FIVE
	check "up failed" vf_up "$A"
	expect_vlans "$A" "$FIVE" "5 added while down, after up"
}

state_double_add() {
	vlans_add "$A" 100
	expect_vlans "$A" 100 "after the first add"
	nsip "$A" link add link "${VF_DEV[$A]}" name vl100b type vlan id 100 2>/dev/null
	check_fail $? "a second VLAN device with VID 100 was accepted"
	expect_vlans "$A" 100 "after the second add"
}

state_double_remove() {
	vlans_add "$A" 100
	expect_vlans "$A" 100 "after add"
	vlans_del "$A" 100
	vlan_del "$A" 100 2>/dev/null
	check_fail $? "removing VLAN 100 twice succeeded"
	expect_vlans "$A" "" "after two removes"
}

state_interleaved() {
	{
		echo "link add link ${VF_DEV[$A]} name vl100 type vlan id 100"
		echo "link add link ${VF_DEV[$A]} name vl200 type vlan id 200"
		echo "link del vl100"
		echo "link add link ${VF_DEV[$A]} name vl300 type vlan id 300"
		echo "link del vl200"
		echo "link add link ${VF_DEV[$A]} name vl400 type vlan id 400"
		echo "link add link ${VF_DEV[$A]} name vl100 type vlan id 100"
		echo "link del vl300"
	} | nsbatch "$A"
	check_err $? "the interleaved sequence failed"
	expect_vlans "$A" "100 400" "after interleaving"
}

state_readd_loop_x50() {
	local i

	vlans_add "$A" 100
	expect_vlans "$A" 100 "before the loop"
	for i in $(seq 50); do
		echo "link del vl100"
		echo "link add link ${VF_DEV[$A]} name vl100 type vlan id 100"
	done | nsbatch "$A"
	check_err $? "a remove or re-add of the 50 failed"
	expect_vlans "$A" 100 "after 50 remove+re-add"
}

state_fill_max() {
	local vids="10 20 300 400 1000 2000 3000 4000" n

	# Both VFs at once: the limit is per VF.
	vlans_add "$A" $vids
	vlans_add "$B" $vids
	n=$(vlan_dev_vids "$A" | wc -w)
	[ "$n" = "$MAX_VLANS" ] || fail "fill: expected $MAX_VLANS, got $n"
	expect_vlans "$A" "$vids" "A filled to the limit"
	expect_vlans "$B" "$vids" "B filled to the limit"
}

state_vid_1() {
	vlans_add "$A" 1
	expect_vlans "$A" 1 "VID 1"
	vlans_del "$A" 1
	expect_vlans "$A" "" "VID 1 removed"
}

state_vid_4094() {
	vlans_add "$A" 4094
	expect_vlans "$A" 4094 "VID 4094"
	nsip "$A" link add link "${VF_DEV[$A]}" name vl4095 type vlan id 4095 2>/dev/null
	check_fail $? "VID 4095 was accepted"
	vlans_del "$A" 4094
	expect_vlans "$A" "" "VID 4094 removed"
}

state_concurrent_add() {
	parallel "$A" add 101 102 103 104
	expect_vlans "$A" "101 102 103 104" "after 4 parallel adds"
}

state_concurrent_del() {
	vlans_add "$A" 101 102 103 104
	expect_vlans "$A" "101 102 103 104" "before the deletes"
	parallel "$A" del 101 102 103 104
	expect_vlans "$A" "" "after 4 parallel deletes"
}

state_storm() {
	local storm=(100 200 300 400 500) i v seed=52 present=() want=""

	# A fixed pseudo-random sequence of 200 valid ops: a failure replays.
	for i in $(seq 200); do
		seed=$(((seed * 1103515245 + 12345) % 2147483648))
		v=$(((seed / 65536) % 5))
		if [ -n "${present[$v]:-}" ]; then
			echo "link del vl${storm[$v]}"
			present[$v]=
		else
			echo "link add link ${VF_DEV[$A]} name vl${storm[$v]} type vlan id ${storm[$v]}"
			present[$v]=1
		fi
	done >"$ART/storm.batch"
	nsbatch "$A" <"$ART/storm.batch"
	check_err $? "an op of the storm failed"
	for v in 0 1 2 3 4; do
		[ -n "${present[$v]:-}" ] && want="$want ${storm[$v]}"
	done
	expect_vlans "$A" "$want" "after 200 ops"
}

state_over_limit() {
	local n

	pf_set_trust "$A" off
	vlans_add "$A" $EIGHT
	n=$(vlan_dev_vids "$A" | wc -w)
	[ "$n" = "$MAX_VLANS" ] || fail "fill: expected $MAX_VLANS, got $n"
	expect_vlans "$A" "$EIGHT" "filled to the limit"
	if vlan_add "$A" 108 2>"$ART/over.err"; then
		fail "VLAN 108 beyond the limit of $MAX_VLANS was accepted"
		vlan_del "$A" 108
	else
		diag "9th VLAN rejected: $(head -1 "$ART/over.err")"
	fi
	expect_vlans "$A" "$EIGHT" "the 8 after the rejected 9th"
}
