#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest half of tools/tests/bench_lab.sh (busybox sh). Prints "@@" lines
# that the host half turns into figures:
#   @@ audit MODE MS RC         one audit's wall time
#   @@ stages MODE ...          where one audit's time goes (-v)
#   @@ overhead MODE MS RC      N VLANs added, then deleted, settled on the PF
#   @@ work MODE JSON           the monitor's summary of that run
PATH=/lab:$PATH
. /lab/guest_helpers.sh
MODES=${MODES:-tp_btf fentry}
AUDITS=${AUDITS:-5}
N=${N:-512}
ROUNDS=${ROUNDS:-2}

pf_nvlans() { pfctl dump | grep "vf=$1 " | sed -n 's/.* nvlans=\([0-9]*\).*/\1/p'; }
wait_nvlans() {	# wait_nvlans VF COUNT: up to 300 s
	i=0
	while [ "$(pf_nvlans "$1")" != "$2" ] && [ $i -lt 3000 ]; do sleep 0.1; i=$((i + 1)); done
	[ "$(pf_nvlans "$1")" = "$2" ]
}
vf_dev() { for d in /sys/class/net/*; do [ "$(cat "$d/address")" = "02:1a:00:00:00:1$1" ] && basename "$d"; done; }
up_ms() { read -r u _ </proc/uptime; echo "${u%.*}${u#*.}0"; }	# 10 ms steps
ms_of() { sed -n 's/^walltime: \([0-9.]*\) ms.*/\1/p' "$1" | tail -n 1; }

first_vf >/dev/null
i=0; until [ -n "$(vf_dev 1)" ] || [ $i -ge 150 ]; do sleep 0.2; i=$((i + 1)); done
pfctl trust vf=0 on >/dev/null	# resets VF 0: room for 512 filters
sleep 3
D0=$(vf_dev 0) D1=$(vf_dev 1)
for d in $D0 $D1; do ip link set "$d" up; waitup "$d"; done
for v in 11 12 13 14 15 16 17 18; do addvlan "$D0" "a$v" "$v"; addvlan "$D1" "b$v" "$v"; done
wait_nvlans 0 8 && wait_nvlans 1 8 || echo "@@ setup: the PF has $(pf_nvlans 0)/$(pf_nvlans 1) of 8/8 VLANs"
sleep 3	# every filter ACTIVE

# 1. The audit's wall time, from exec to exit, 2 VFs and 16 filters.
for m in $MODES; do
	k=0
	while [ $k -lt "$AUDITS" ]; do
		walltime iavf-vlantrace audit --mode "$m" -j >/tmp/a.json 2>/tmp/a.err
		rc=$?
		echo "@@ audit $m $(ms_of /tmp/a.err) $rc"
		[ $k = 0 ] && { echo "@@ json $m"; cat /tmp/a.json; }
		k=$((k + 1))
	done
	iavf-vlantrace audit --mode "$m" -v -j >/dev/null 2>/tmp/a.err
	echo "@@ stages $m $(grep -o 'probe .* links)' /tmp/a.err)"
done

# 2. Driver overhead: N VLANs added on the trusted VF, then deleted, each
# phase waited for on the PF; with no tool, then with the monitor in each
# mode, ROUNDS times in turn (the spread of the no-tool runs is the noise).
i=0
: >/tmp/add; : >/tmp/del
while [ $i -lt "$N" ]; do
	echo "link add link $D0 name w$((1000 + i)) type vlan id $((1000 + i))" >>/tmp/add
	echo "link del w$((1000 + i))" >>/tmp/del
	i=$((i + 1))
done
once() {	# once MODE
	P=
	if [ "$1" != none ]; then
		iavf-vlantrace monitor --mode "$1" -j >/tmp/m.json 2>/tmp/m.err &
		P=$!
		i=0; while ! grep -q " in mode " /tmp/m.err && [ $i -lt 600 ]; do sleep 0.05; i=$((i + 1)); done
	fi
	t0=$(up_ms)
	ip -batch /tmp/add && wait_nvlans 0 $((N + 8)) && ip -batch /tmp/del && wait_nvlans 0 8
	rc=$?
	echo "@@ overhead $1 $(($(up_ms) - t0)) $rc"
	[ -n "$P" ] && { kill -INT "$P"; wait "$P"; echo "@@ work $1 $(grep '"summary"' /tmp/m.json)"; }
}
r=0
while [ $r -lt "$ROUNDS" ]; do
	for m in none $MODES; do once "$m"; done
	r=$((r + 1))
done
echo "@@ end"
