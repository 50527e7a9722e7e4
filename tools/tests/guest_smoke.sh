#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# iavf-vlantrace in the lab guest, against the real (traced) iavf module and
# one emulated VF: every mode loads and attaches; monitor shows the real
# transitions of a VLAN add and delete while running (not only at exit);
# latency has the expected histograms; audit is clean (exit 0), reports an
# over-limit finding with --pf-limit 0 (exit 1), and its JSON parses.
#
# Needs: build/kernel/iavf.ko (make kernel), the lab QEMU (make lab) and
# build/tools/iavf-vlantrace (make tools). Prints TAP.
set -u
GUEST_TEST=smoke
# shellcheck source=tools/tests/guest_lib.sh
. "$(dirname "$0")/guest_lib.sh"

if [ ! -x "$IVT" ] || [ -z "$QEMU" ] || [ ! -x "$QEMU" ] || [ ! -f "$BUILD/kernel/iavf.ko" ]; then
	echo "ok 1 - iavf-vlantrace in the lab guest # SKIP needs make tools, make lab and make kernel"
	echo "1..1"
	exit 0
fi

cat >"$T/inner.sh" <<'EOF'
. /lab/guest_helpers.sh
waitfor() { i=0; while ! grep -q "Ctrl-C" "$1" && [ $i -lt 300 ]; do sleep 0.2; i=$((i+1)); done; }
IF=$(first_vf)
for MODE in tp_btf raw_tp fentry; do
	echo "@@ $MODE"
	iavf-vlantrace monitor --mode $MODE > /tmp/m.out 2>/tmp/m.err &
	P=$!
	iavf-vlantrace latency --mode $MODE -j > /tmp/l.out 2>/tmp/l.err &
	L=$!
	waitfor /tmp/m.err; waitfor /tmp/l.err
	ip link set $IF up
	waitup $IF
	addvlan $IF v100 100
	addvlan $IF v200 200
	sleep 2
	ip link del v200
	sleep 2
	echo "@@ $MODE live"; cat /tmp/m.out
	kill -INT $P $L; wait $P; echo "@@ $MODE monitor rc=$?"; wait $L
	echo "@@ $MODE final"; cat /tmp/m.out; cat /tmp/m.err
	echo "@@ $MODE latency"; cat /tmp/l.out
	echo "@@ $MODE audit"; iavf-vlantrace audit --mode $MODE -j; echo "@@ $MODE audit rc=$?"
	echo "@@ $MODE audit0"; iavf-vlantrace audit --mode $MODE --pf-limit 0 -j; echo "@@ $MODE audit0 rc=$?"
	ip link del v100
	ip link set $IF down
done
echo "@@ end"
EOF

guest_run 300 "$ONE_VF" 'sh /lab/inner.sh' --file "$T/inner.sh"
rc=$?
ok $rc "guest ran (run.sh exit $rc)"

for MODE in tp_btf raw_tp fentry; do
	if [ $MODE != fentry ]; then R1=add_new R2=add_ack R3=del_ack; else R1=inferred R2=inferred R3=inferred; fi
	section "$MODE live" >"$T/live"
	# the name is joined from the per-VF map (records carry none)
	grep -qE " eth0 +[0-9a-f:.]+ +vid 100 +NONE +-> ADD +$R1" "$T/live" &&
		grep -qE " eth0 +[0-9a-f:.]+ +vid 100 +ADDING +-> ACTIVE +$R2" "$T/live"
	ok $? "$MODE: monitor shows eth0 VLAN 100 NONE -> ADD ... ADDING -> ACTIVE while running"
	grep -qE "vid 200 +REMOVING +-> NONE +$R3" "$T/live"
	ok $? "$MODE: monitor shows VLAN 200 deleted (REMOVING -> NONE)"
	grep -qE "vc +reply ADD_VLAN_V2 .* ok" "$T/live"
	ok $? "$MODE: monitor shows the PF's ADD_VLAN_V2 reply"
	grep -q "@@ $MODE monitor rc=0" "$T/out" && section "$MODE final" | grep -qE "events .* 0 drops"
	ok $? "$MODE: Ctrl-C detaches with a summary, 0 drops"
	section "$MODE latency" | python3 -c 'import json,sys
o=json.loads(sys.stdin.read()); k={h["kind"] for h in o["histograms"]}
assert "add_to_active" in k and "pf_rtt" in k, k
assert all(h["dev"] == "eth0" for h in o["histograms"]), o'
	ok $? "$MODE: latency -j has add_to_active and pf_rtt histograms of eth0"
	section "$MODE audit" | python3 -c 'import json,sys
o=json.loads(sys.stdin.read()); assert o["clean"] and o["vfs"][0]["list_len"]==1 and o["vfs"][0]["limit"]==8, o'
	[ $? = 0 ] && grep -q "@@ $MODE audit rc=0" "$T/out"
	ok $? "$MODE: audit is clean (1 filter, 1 VLAN device, limit 8), exit 0"
	section "$MODE audit0" | python3 -c 'import json,sys
o=json.loads(sys.stdin.read()); assert o["counts"]["over_limit"]==1, o'
	[ $? = 0 ] && grep -q "@@ $MODE audit0 rc=1" "$T/out"
	ok $? "$MODE: audit --pf-limit 0 reports over_limit, exit 1"
done
# iavf loaded, no VF at all: nothing to audit is not an error
"$ROOT/lab/guest/run.sh" --timeout 120 --bin "$IVT" \
	'iavf-vlantrace audit -j; echo "@@ rc=$?"' >"$T/out0" 2>"$T/err0"
grep -q '"clean":true' "$T/out0" && grep -q "@@ rc=0" "$T/out0"
ok $? "no VF: audit reports nothing to audit, exit 0"
# PF faults (lab pfctl): a rejected DEL leaves an orphan filter (leaked,
# R4), a rejected ADD leaves a VLAN device without a filter (lost). R4 is
# fixed by our kernel/fixes/: this part runs the driver without them.
if [ -x "$BUILD/lab/pfctl" ] && [ -f "$BUILD/kernel/nofix/iavf.ko" ]; then
	cat >"$T/fault.sh" <<'EOF'
. /lab/guest_helpers.sh
i=0; until [ -e /sys/class/net/eth0 ] || [ $i -ge 150 ]; do sleep 0.2; i=$((i+1)); done
ip link set eth0 up
waitup eth0
addvlan eth0 v100 100
sleep 2
/lab/pfctl fault op=del_vlan_v2 reject count=1 >/dev/null
/lab/pfctl fault op=add_vlan_v2 reject count=1 >/dev/null
iavf-vlantrace monitor > /tmp/m.out 2>/tmp/m.err &
P=$!
i=0; while ! grep -q "Ctrl-C" /tmp/m.err && [ $i -lt 300 ]; do sleep 0.2; i=$((i+1)); done
ip link del v100
sleep 1
addvlan eth0 v200 200
sleep 2
kill -INT $P; wait $P
cat /tmp/m.out
echo "@@ audit"; iavf-vlantrace audit -j --stuck-ms 2000; echo "@@ rc=$?"
EOF
	KERNEL_FIXES=0 "$ROOT/lab/guest/run.sh" --qemu "$QEMU" \
		--qemu-args "-device iavf-pfctl,pf=pf0 -device pcie-root-port,id=rp0,chassis=1 -device iavf-vf,bus=rp0,pf=pf0,vf=0" \
		--timeout 200 --file "$BUILD/lab/pfctl" --bin "$IVT" --file "$ROOT/tools/tests/guest_helpers.sh" --file "$T/fault.sh" \
		'sh /lab/fault.sh' >"$T/outf" 2>"$T/errf"
	grep -qE "vc +reply DEL_VLAN_V2 +num 1 FAILED v_retval -?[0-9]+" "$T/outf" &&
		grep -qE "vid 100 +REMOVING +-> ACTIVE +del_reject" "$T/outf" &&
		grep -qE "vid 200 +ADDING +-> NONE +add_reject" "$T/outf"
	ok $? "PF faults: monitor shows the rejected DEL and ADD with their status"
	awk '/^@@ audit/{p=1;next} /^@@ /{p=0} p' "$T/outf" | python3 -c 'import json,sys
o=json.loads(sys.stdin.read()); k={(f["kind"],f["vid"]) for f in o["findings"]}
assert k=={("leaked",100),("lost",200)}, k' && grep -q "@@ rc=1" "$T/outf"
	ok $? "PF faults: audit finds VLAN 100 leaked (R4) and VLAN 200 lost, exit 1"
	[ $failed -gt 0 ] && sed 's/^/# fault: /' "$T/outf" | tail -30
else
	n=$((n + 1)); echo "not ok $n - PF faults: needs build/lab/pfctl and build/kernel/nofix/iavf.ko (make lab; make kernel KERNEL_FIXES=0)"; failed=$((failed + 1))
fi
guest_done 60
