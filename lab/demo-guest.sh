#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The lab demo's scenario, run inside the guest by lab/demo.sh: two emulated
# VFs, the monitor live, VLANs added and removed, a VF moved into a network
# namespace and back, down/up, a VF reset; then the audit and the latency
# report. The SVG goes back to the host between @@SVG markers.
PATH=/lab:$PATH
T=iavf-vlantrace

. /lab/demo-lib.sh
two_vfs() { [ "$(iavf_devs | wc -l)" -ge 2 ]; }

mkdir -p /run/netns
wait_for 30 two_vfs || { echo "demo: the two emulated VFs did not probe"; exit 1; }
set -- $(iavf_devs)
A=$1 B=$2
echo "=== two emulated iavf VFs: $(name "$A") and $(name "$B"); kernel $(uname -r), iavf ${LAB_IAVF_DRIVER:-traced} (lab kernel ${LAB_KERNEL:-6.12-traced})"

$T monitor -T &
MON=$!
$T latency --svg /tmp/latency.svg >/tmp/latency.txt 2>&1 &
LAT=$!
sleep 3

step "bring both VFs up"
ip link set "$A" up; ip link set "$B" up
wait_for 20 sh -c "ip link show $A | grep -q LOWER_UP"

step "add VLANs 100, 101, 102 on $A and 200 on $B"
for v in 100 101 102; do ip link add link "$A" name "$A.$v" type vlan id $v; done
ip link add link "$B" name "$B.200" type vlan id 200

step "delete VLAN 101 on $A"
ip link del "$A.101"

step "move $B into network namespace red, and back"
ip netns add red
ip link set "$B" netns red
ip -n red link set "$B" up
ip -n red link set "$B" netns 1
ip link set "$B" up

step "down/up $A"
ip link set "$A" down
ip link set "$A" up

step "reset $(name "$A") from the PF"
pfctl reset "vf=$(vf_of "$A")" >/dev/null	# prints "ok"

step "let the driver settle"
sleep 5
kill -INT $MON; wait $MON

step "audit (exit 0 clean, 1 findings)"
$T audit
echo "audit exit status: $?"

step "PF's view of the filters"
pfctl dump

step "latency report"
kill -INT $LAT; wait $LAT
cat /tmp/latency.txt
if [ -s /tmp/latency.svg ]; then
	echo "@@SVG-BEGIN@@"; cat /tmp/latency.svg; echo; echo "@@SVG-END@@"
fi
