#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest half of test-trust.sh: the untrusted limit of 8 VLANs, then trust.
PATH=/lab:$PATH
TR=/sys/kernel/tracing
. /lab/guest_tap.sh
pf_vlans() { pfctl dump | grep "vf=0 " | sed -n 's/.* nvlans=\([0-9]*\).*/\1/p'; }
active() { grep -q "vid=$1 .*-> ACTIVE" $TR/trace; }
resets() { grep -c "reset_end" $TR/trace; }

echo 1 >$TR/events/iavf/iavf_vlan_state/enable
echo 1 >$TR/events/iavf/iavf_updown/enable
wait_for 30 sh -c 'ls /sys/class/net | grep -q eth1'
for d in eth0 eth1; do [ "$(cat /sys/class/net/$d/address)" = 02:1a:00:00:00:10 ] && D=$d; done
ip link set "$D" up
wait_for 20 sh -c "ip link show $D | grep -q LOWER_UP"

for v in 101 102 103 104 105 106 107 108; do ip link add link "$D" name "$D.$v" type vlan id $v; done
wait_for 20 sh -c '[ "$(pfctl dump | grep "vf=0 " | sed -n "s/.* nvlans=\([0-9]*\).*/\1/p")" = 8 ]'
tap $? "untrusted: 8 VLANs reach the PF (nvlans=$(pf_vlans))"
ok=0; for v in 101 102 103 104 105 106 107 108; do active $v || ok=1; done
tap $ok "untrusted: the driver reports all 8 filters ACTIVE"

ip link add link "$D" name "$D.109" type vlan id 109 2>/tmp/err
rc=$?
sleep 1
[ $rc != 0 ] && ! active 109 && [ "$(pf_vlans)" = 8 ]
tap $? "untrusted: a 9th VLAN is refused ($(head -c 80 /tmp/err)), PF keeps 8"

r0=$(resets)
pfctl trust vf=0 on >/dev/null
wait_for 30 sh -c "[ \$(grep -c reset_end $TR/trace) -gt $r0 ]"
tap $? "trust on resets the VF (reset_end traced)"
wait_for 20 sh -c '[ "$(pfctl dump | grep "vf=0 " | sed -n "s/.* nvlans=\([0-9]*\).*/\1/p")" = 8 ]'
tap $? "after the trust reset the driver re-adds its 8 VLANs"

ip link add link "$D" name "$D.109" type vlan id 109
rc=$?
wait_for 20 active 109
act=$?
[ $rc = 0 ] && [ $act = 0 ]
tap $? "trusted: a 9th VLAN is accepted and becomes ACTIVE"
wait_for 10 sh -c '[ "$(pfctl dump | grep "vf=0 " | sed -n "s/.* nvlans=\([0-9]*\).*/\1/p")" = 9 ]'
tap $? "trusted: the PF holds 9 VLANs (nvlans=$(pf_vlans))"
echo "1..$n"
