#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest half of test-pf-fidelity.sh: VLAN V1 caps on VF 0, in-order held
# replies on VF 1.
PATH=/lab:$PATH
. /lab/guest_tap.sh
field() { pfctl dump vf=$1 | tr ' ' '\n' | sed -n "s/^$2=//p"; }	# field VF KEY
has_vid() { case ",$(field $1 vlans)," in *",$2,"*) return 0 ;; esac; return 1; }
held_is() { [ "$(field $1 held)" = "$2" ]; }

wait_for 30 sh -c 'ls /sys/class/net | grep -q eth1'
for d in eth0 eth1; do
	case "$(cat /sys/class/net/$d/address)" in
	02:1a:00:00:00:10) D0=$d ;;
	02:1a:00:00:00:11) D1=$d ;;
	esac
done
ip link set "$D0" up
ip link set "$D1" up
wait_for 20 sh -c "ip link show $D0 | grep -q LOWER_UP && ip link show $D1 | grep -q LOWER_UP"

# ---- VF 0: VLAN V1 caps only ----
caps=$(field 0 caps)
[ "$(field 0 vlan_caps)" = v1 ] && [ $((caps & 0x10000)) != 0 ] && [ $((caps & 0x8000)) = 0 ]
tap $? "vf0 (vlan=v1): negotiated VIRTCHNL_VF_OFFLOAD_VLAN without VLAN_V2 (caps=$caps)"
for v in 101 102 103 104 105 106 107; do ip link add link "$D0" name "$D0.$v" type vlan id $v; done
wait_for 20 sh -c '[ "$(pfctl dump vf=0 | tr " " "\n" | sed -n "s/^nvlans=//p")" = 7 ]'
tap $? "vf0: 7 VLANs reach the PF (nvlans=$(field 0 nvlans))"
pfctl history vf=0 >/tmp/h0
grep -q "name=add_vlan len=[0-9]* status=0 outcome=ok vids=107" /tmp/h0
tap $? "vf0: iavf sent them as ADD_VLAN (V1), answered 0"
ip link add link "$D0" name "$D0.108" type vlan id 108
rc=$?
wait_for 10 sh -c 'pfctl history vf=0 | grep -q "name=add_vlan .*vids=108"'
sleep 0.5
[ $rc = 0 ] && ! has_vid 0 108 && [ "$(field 0 nvlans)" = 7 ] &&
	pfctl history vf=0 | grep -q "name=add_vlan len=[0-9]* status=0 outcome=ok vids=108"
tap $? "vf0: the 8th (untrusted, over the limit) is answered SUCCESS and not added (ip rc=$rc, PF $(field 0 vlans))"

# ---- VF 1: a held ADD_VLAN_V2 holds the mailbox, applied at release ----
pfctl fault vf=1 op=add_vlan_v2 delay ms=3000 count=1 >/dev/null
ip link add link "$D1" name "$D1.201" type vlan id 201
wait_for 3 held_is 1 add_vlan_v2
rc=$?
[ $rc = 0 ] && ! has_vid 1 201
tap $? "vf1: the ADD of 201 reached the PF and is held (held=$(field 1 held) pending=$(field 1 pending)), not applied (vlans=$(field 1 vlans))"
ip link add link "$D1" name "$D1.202" type vlan id 202
sleep 0.5
! has_vid 1 201 && ! has_vid 1 202
tap $? "vf1: 202 is not applied either: it waits behind 201 (vlans=$(field 1 vlans) pending=$(field 1 pending))"
wait_for 10 sh -c 'pfctl dump vf=1 | grep -q " vlans=0,201,202 .* held=- pending=0 "'
tap $? "vf1: released: 201 then 202 applied (vlans=$(field 1 vlans) held=$(field 1 held))"
pfctl history vf=1 | grep -A3 "outcome=held vids=201" | grep -q "outcome=fault_delay vids=201"
tap $? "vf1: history: outcome=held, then fault_delay at release"

# ---- apply=now: the old out-of-order delay ----
pfctl fault vf=1 op=add_vlan_v2 delay ms=3000 count=1 apply=now >/dev/null
ip link add link "$D1" name "$D1.203" type vlan id 203
wait_for 3 has_vid 1 203 && held_is 1 add_vlan_v2
tap $? "vf1: apply=now: 203 applied at once while its reply is held (held=$(field 1 held))"
wait_for 10 held_is 1 -
echo "1..$n"
