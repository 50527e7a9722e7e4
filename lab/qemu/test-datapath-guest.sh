# SPDX-License-Identifier: GPL-2.0
# Guest half of lab/qemu/test-datapath.sh (dash). Usage: sh dp.sh MAC0 MAC1
# Prints "R <rc> <description>" per check, "F <figure>" for figures and
# "I <info>" for diagnostics; the host turns them into TAP.
set -u
MAC0=$1 MAC1=$2
P=/lab/pfctl
D=/lab/dpkt
BC=ff:ff:ff:ff:ff:ff
FORGED=02:de:ad:be:ef:01

res() { echo "R $1 $2"; read -r _up _ </proc/uptime; echo "I uptime $_up"; }
in0() { ip netns exec ns0 "$@"; }
in1() { ip netns exec ns1 "$@"; }
# counter KEY of the PF's dump line for VF N
ctr() { $P dump vf=$1 | tr ' ' '\n' | sed -n "s/^$2=//p"; }
dev_of() {
	for d in /sys/class/net/*; do
		[ "$(cat "$d/address" 2>/dev/null)" = "$1" ] && echo "${d##*/}"
	done
}
# ping until one answer, at most N one-second tries
wait_ping() {
	_i=0
	while [ $_i -lt "${3:-20}" ]; do
		ip netns exec "$1" ping -c 1 -W 1 "$2" >/dev/null 2>&1 && return 0
		_i=$((_i + 1))
	done
	return 1
}
# background sniffer in ns1 on $B for MS ms; output in /tmp/sniff
sniff_start() {
	rm -f /tmp/sniff /tmp/sniff.err
	in1 $D sniff "$B" "$1" >/tmp/sniff 2>/tmp/sniff.err &
	SNIFF=$!
	_i=0
	while ! grep -q ready /tmp/sniff.err 2>/dev/null && [ $_i -lt 200 ]; do
		sleep 0.02; _i=$((_i + 1))
	done
}
sniff_count() {	# VID SRC -> count seen (0 when none)
	_c=$(sed -n "s/^vid=$1 src=$2 count=//p" /tmp/sniff)
	echo "${_c:-0}"
}
vlan() {	# NS DEV VID ADDR
	ip netns exec "$1" ip link add link "$2" name "v$3" type vlan id "$3" &&
	ip netns exec "$1" ip addr add "$4/24" dev "v$3" &&
	ip netns exec "$1" ip link set "v$3" up
}

# ---- setup: one VF per namespace ----
i=0
while { [ -z "$(dev_of "$MAC0")" ] || [ -z "$(dev_of "$MAC1")" ]; } && [ $i -lt 300 ]; do
	sleep 0.05; i=$((i + 1))
done
A=$(dev_of "$MAC0") B=$(dev_of "$MAC1")
BDF_B=$(basename "$(readlink "/sys/class/net/$B/device")")
echo "I devs A=$A B=$B bdf_b=$BDF_B"
mkdir -p /run/netns
ip netns add ns0 && ip netns add ns1 && ip link set "$A" netns ns0 && ip link set "$B" netns ns1
res $? "each VF moved into its own network namespace"
for ns in ns0 ns1; do
	ip netns exec $ns sh -c 'echo 1 >/proc/sys/net/ipv6/conf/all/disable_ipv6;
		echo 1 >/proc/sys/net/ipv6/conf/default/disable_ipv6'
	ip netns exec $ns ip link set lo up
done
for x in "ns0 $A" "ns1 $B"; do
	set -- $x
	i=0
	until ip netns exec "$1" ip link set "$2" up 2>/dev/null || [ $i -ge 100 ]; do
		sleep 0.05; i=$((i + 1))
	done
	i=0
	while [ "$(ip netns exec "$1" cat "/sys/class/net/$2/carrier" 2>/dev/null)" != 1 ] && [ $i -lt 200 ]; do
		sleep 0.05; i=$((i + 1))
	done
done

# ---- VLAN 100 both ways ----
vlan ns0 "$A" 100 10.100.0.1 && vlan ns1 "$B" 100 10.100.0.2
wait_ping ns0 10.100.0.2 10
in0 ping -c 3 -W 2 10.100.0.2 >/tmp/ping0 2>&1
r0=$?
in1 ping -c 3 -W 2 10.100.0.1 >/tmp/ping1 2>&1
r1=$?
res $((r0 | r1)) "ping over VLAN 100 both ways (ns0->ns1 rc=$r0, ns1->ns0 rc=$r1)"
echo "I $(tail -1 /tmp/ping0)"

# ---- five VLANs at once ----
ok=0
for vid in 101 102 103 104 105; do
	vlan ns0 "$A" $vid 10.$vid.0.1 && vlan ns1 "$B" $vid 10.$vid.0.2 || ok=1
done
bad=
for vid in 101 102 103 104 105; do
	wait_ping ns0 10.$vid.0.2 5 && in1 ping -c 1 -W 2 10.$vid.0.1 >/dev/null 2>&1 || bad="$bad $vid"
done
[ -z "$bad" ] || ok=1
v0=$(ctr 0 vlans) v1=$(ctr 1 vlans)
[ "$v0" = 0,100,101,102,103,104,105 ] && [ "$v1" = "$v0" ] || ok=1
res $ok "5 more VLANs (101-105) at once: all ping both ways (failed:${bad:- none}; PF vf0 vlans=$v0 vf1 vlans=$v1)"

# ---- isolation: VLAN 200 only on VF 0 ----
vlan ns0 "$A" 200 10.200.0.1
dv=$(ctr 1 drop_vlan) rx=$(ctr 1 rx_packets)
sniff_start 4000
in0 $D send "$A" "$MAC0" $BC 200 20
in0 $D send "$A" "$MAC0" $BC 100 20
in0 ping -c 2 -W 1 10.200.0.2 >/dev/null 2>&1
pr=$?
wait $SNIFF
dv2=$(ctr 1 drop_vlan) rx2=$(ctr 1 rx_packets)
s200=$(sniff_count 200 "$MAC0") s100=$(sniff_count 100 "$MAC0")
echo "I sniff: $(tr '\n' ' ' </tmp/sniff)"
[ "$s200" = 0 ] && [ "$s100" = 20 ]
res $? "capture on VF 1: 0 of 20 VLAN-200 frames, 20 of 20 VLAN-100 frames (saw $s200, $s100)"
[ $((dv2 - dv)) -ge 21 ]
res $? "PF counters: VF 1 drop_vlan +$((dv2 - dv)) (>= 21: 20 frames + ARP), rx_packets +$((rx2 - rx))"
[ $pr != 0 ]
res $? "ping to VLAN 200 (no VF 1 filter) gets no answer"

# ---- spoofchk ----
[ "$(ctr 0 spoofchk)" = on ] && [ "$(ctr 0 vlan_antispoof)" = on ]
res $? "spoofchk on and VLAN anti-spoof active on VF 0 (legitimate tagged pings above passed)"
dm=$(ctr 0 drop_spoof_mac) dsv=$(ctr 0 drop_spoof_vlan)
sniff_start 3000
in0 $D send "$A" "$FORGED" $BC 100 20
in0 $D send "$A" "$MAC0" $BC 100 20
in0 $D send "$A" "$MAC0" $BC 300 20
wait $SNIFF
dm2=$(ctr 0 drop_spoof_mac) dsv2=$(ctr 0 drop_spoof_vlan)
sf=$(sniff_count 100 "$FORGED") sl=$(sniff_count 100 "$MAC0")
[ "$sf" = 0 ] && [ "$sl" = 20 ] && [ $((dm2 - dm)) = 20 ]
res $? "spoofchk drops 20 forged source MACs (drop_spoof_mac +$((dm2 - dm)), captured $sf) and passes 20 legitimate ($sl)"
[ $((dsv2 - dsv)) = 20 ] && [ "$(sniff_count 300 "$MAC0")" = 0 ]
res $? "VLAN anti-spoof drops 20 frames on VLAN 300 (no filter on VF 0): drop_spoof_vlan +$((dsv2 - dsv))"
$P spoofchk vf=0 off >/dev/null
sniff_start 2500
in0 $D send "$A" "$FORGED" $BC 100 20
wait $SNIFF
$P spoofchk vf=0 on >/dev/null
sf=$(sniff_count 100 "$FORGED")
[ "$sf" = 20 ]
res $? "spoofchk off: the same forged frames reach VF 1 ($sf of 20)"

# ---- port VLAN on VF 1 ----
r1=$(ctr 1 resets)
$P pvid vf=1 100 >/dev/null
in1 ip link del v100
i=0
while ! in1 ip addr add 10.100.0.2/24 dev "$B" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
wait_ping ns0 10.100.0.2 20
rp=$?
res $rp "pvid 100 on VF 1: untagged VF 1 traffic reaches VLAN 100 on VF 0 (pvid=$(ctr 1 pvid) vlans=$(ctr 1 vlans) resets $r1->$(ctr 1 resets))"
dpt=$(ctr 1 drop_pvid_tagged)
in1 $D send "$B" "$MAC1" $BC 100 5
dpt=$(($(ctr 1 drop_pvid_tagged) - dpt))
[ $dpt -ge 5 ]
res $? "pvid: frames VF 1 tags itself are dropped (drop_pvid_tagged +$dpt, >= 5)"
$P pvid vf=1 0 >/dev/null
in1 ip addr del 10.100.0.2/24 dev "$B"
i=0
until vlan ns1 "$B" 100 10.100.0.2 2>/dev/null || [ $i -ge 100 ]; do sleep 0.05; i=$((i + 1)); done
wait_ping ns0 10.100.0.2 20
res $? "pvid cleared: VLAN 100 through the VF's own filter again (vlans=$(ctr 1 vlans))"
echo "I VF 1 filters after the pvid round trip: $(ctr 1 vlans) (iavf had 100-105)"

# ---- resets ----
in1 ip link set "$B" down
in1 ip link set "$B" up
wait_ping ns0 10.100.0.2 20
res $? "traffic after VF 1 down/up"
r1=$(ctr 1 resets)
echo 1 >"/sys/bus/pci/devices/$BDF_B/reset"
wait_ping ns0 10.100.0.2 20
res $? "traffic after VF 1 FLR (resets $r1->$(ctr 1 resets))"
# (after the pvid round trip iavf keeps only VLAN 100 on VF 1: it does
# not re-add 101-105, so VLAN 105 is checked through VF 0's filters)
v0=$(ctr 0 vlans)
$P reset pf >/dev/null
wait_ping ns0 10.100.0.2 30
ra=$?
wait_ping ns1 10.100.0.1 10
rb=$?
i=0
while [ "$(ctr 0 vlans)" != "$v0" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
[ $((ra | rb)) = 0 ] && [ "$(ctr 0 vlans)" = "$v0" ]
res $? "traffic after a PF reset: VLAN 100 both ways (rc $ra, $rb); VF 0 filters back ($(ctr 0 vlans))"

# ---- throughput: UDP (checksum offload) from VF 0 to VF 1 on VLAN 100 ----
rm -f /tmp/udp.err
in1 $D udprecv 9000 4000 >/tmp/udp 2>/tmp/udp.err &
UR=$!
i=0
while ! grep -q ready /tmp/udp.err 2>/dev/null && [ $i -lt 200 ]; do sleep 0.02; i=$((i + 1)); done
in0 $D udpsend 10.100.0.2 9000 2000 64 >/tmp/udps
wait $UR
got=$(sed -n 's/^received=\([0-9]*\).*/\1/p' /tmp/udp)
ms=$(sed -n 's/.* ms=\([0-9]*\)/\1/p' /tmp/udp)
sent=$(sed -n 's/^sent=\([0-9]*\).*/\1/p' /tmp/udps)
[ "${got:-0}" -gt 0 ]
res $? "UDP blast VF 0 -> VF 1 over VLAN 100 arrives (checksums offloaded to the model)"
echo "F udp_64B sent=${sent:-0} received=${got:-0} in ${ms:-0} ms: $(( ${got:-0} * 1000 / (${ms:-1} + 1) )) packets/s received"
# TCP stream: iavf hands TSO super-frames and checksums to the model
tso=$(ctr 0 tso_frames)
rm -f /tmp/tcp.err
in1 $D tcprecv 9001 4000 >/tmp/tcp 2>/tmp/tcp.err &
TR=$!
i=0
while ! grep -q ready /tmp/tcp.err 2>/dev/null && [ $i -lt 200 ]; do sleep 0.02; i=$((i + 1)); done
in0 $D tcpsend 10.100.0.2 9001 2000 >/tmp/tcps
wait $TR
tgot=$(sed -n 's/^received=\([0-9]*\).*/\1/p' /tmp/tcp)
tms=$(sed -n 's/.* ms=\([0-9]*\)/\1/p' /tmp/tcp)
tso=$(($(ctr 0 tso_frames) - tso))
[ "${tgot:-0}" -gt 100000 ] && [ $tso -gt 0 ]
res $? "TCP stream VF 0 -> VF 1 over VLAN 100: ${tgot:-0} bytes, $tso TSO super-frames segmented by the model"
echo "F tcp_stream ${tgot:-0} bytes in ${tms:-0} ms: $(( ${tgot:-0} / (${tms:-1} + 1) )) KB/s"
in0 ping -c 50 -i 0.01 -w 10 -q 10.100.0.2 >/tmp/pingf 2>&1
echo "F ping 50 at 10 ms: $(tail -2 /tmp/pingf | tr '\n' ' ')"
echo "I $($P dump vf=0)"
echo "I $($P dump vf=1)"
dmesg | grep -iE 'iavf|tx timeout|hang' | tail -n 15 | sed 's/^/I dmesg /'
