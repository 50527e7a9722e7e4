#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The "before" demo's scenario (make demo-before): Debian 12's own 6.1.170
# kernel with its stock, unfixed iavf, watched by the monitor in fentry
# mode. The PF holds one ADD reply, so a VLAN deleted meanwhile is still
# pending REMOVE when the VF goes down: the unfixed iavf_down overwrites it
# with DISABLE and the filter comes back on the next up, a zombie with no
# VLAN device that holds one of the 8 slots. The 8th VLAN device then fails
# with EIO and the audit names the zombie.
PATH=/lab:$PATH
T=iavf-vlantrace

. /lab/demo-lib.sh
iavf_dev() { iavf_devs | head -1 | grep .; }
pf_vlans() { pfctl dump "vf=$VF" | sed -n 's/.*vlans=\([^ ]*\).*/\1/p'; }
pf_has() { pf_vlans | tr ',' '\n' | grep -qx "$1"; }
pf_holding() { pfctl dump "vf=$VF" | grep -q " held=$1 "; }

wait_for 30 iavf_dev || { echo "demo: the emulated VF did not probe"; exit 1; }
A=$(iavf_dev)
VF=$(vf_of "$A")
echo "=== $(name "$A"): kernel $(uname -r), iavf ${LAB_IAVF_DRIVER:-?} (lab kernel ${LAB_KERNEL:-?})"

$T monitor -T 2>/tmp/monitor.err &
MON=$!
wait_for 60 grep -q " in mode " /tmp/monitor.err
cat /tmp/monitor.err

step "bring $A up, add VLAN 100"
ip link set "$A" up
wait_for 20 sh -c "ip link show $A | grep -q LOWER_UP"
ip link add link "$A" name "$A.100" type vlan id 100
wait_for 10 pf_has 100

step "a slow PF: it holds VF $VF's next ADD_VLAN_V2 for 3 s (and everything behind it); add VLAN 101 and delete it at once"
pfctl fault "vf=$VF" op=add_vlan_v2 delay ms=3000 count=1 >/dev/null
ip link add link "$A" name "$A.101" type vlan id 101
wait_for 5 pf_holding add_vlan_v2
ip link del "$A.101"

step "down $A while the DEL of 101 still waits in the driver; up once the PF caught up"
ip link set "$A" down
sleep 4
ip link set "$A" up
sleep 3

step "a later down/up (as NetworkManager or an operator does)"
ip link set "$A" down
sleep 1
ip link set "$A" up
sleep 3

step "fill $A to 8 VLAN devices: 102..108"
for v in 102 103 104 105 106 107 108; do
	ip link add link "$A" name "$A.$v" type vlan id $v || echo "demo: VLAN $v failed (the 8th VLAN device)"
done
sleep 3
kill -INT $MON; wait $MON

step "audit (exit 0 clean, 1 findings)"
$T audit
echo "audit exit status: $?"

step "PF's view of VF $VF: VLAN devices are $(ip -o link show type vlan | awk -F': ' '{print $2}' | sed 's/@.*//' | tr '\n' ' ')"
pfctl dump "vf=$VF"

step "dmesg"
dmesg | grep -i -E 'vlan|iavf' | tail -n 5
