#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The lab demo's scenario, run inside the guest by lab/demo.sh: two emulated
# VFs, the monitor live, VLANs added and removed, a VF moved into a network
# namespace and back, down/up, a VF reset; then the audit and the latency
# report. The SVG goes back to the host between @@SVG markers.
PATH=/lab:$PATH
T=iavf-vlantrace

step() { sleep 1; echo; echo "=== $*"; }
iavf_devs() {
	for d in /sys/class/net/*; do
		[ "$(basename "$(readlink "$d/device/driver" 2>/dev/null)")" = iavf ] &&
			echo "${d##*/}"
	done
}
wait_for() {	# wait_for SECONDS COMMAND...: poll instead of sleeping blind
	n=$(($1 * 10)); shift
	while [ $n -gt 0 ]; do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; n=$((n - 1)); done
	return 1
}
two_vfs() { [ "$(iavf_devs | wc -l)" -ge 2 ]; }

mkdir -p /run/netns
wait_for 30 two_vfs || { echo "demo: the two emulated VFs did not probe"; exit 1; }
set -- $(iavf_devs)
A=$1 B=$2
echo "=== two emulated iavf VFs: $A and $B (our traced iavf.ko, Debian 6.12.117)"

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

step "reset VF 0 from the PF"
pfctl reset vf=0

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
