#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# iavf-vlantrace on one lab kernel's iavf (LAB_KERNEL, lab/kernels.txt):
# every mode that driver allows attaches (stock: fentry; traced: tp_btf,
# raw_tp and fentry), the monitor prints that driver's own state names
# (unfixed 6.1.170: IS_NEW, DISABLE, INACTIVE and never ADDING/REMOVING;
# fixed: ADDING, REMOVING and never the unfixed names) through a VLAN add,
# a delete and a down/up, and the audit names the generation and is clean.
# Prints TAP, and the start-to-attached time per mode as a figure.
#
# Usage: LAB_KERNEL=NAME tools/tests/guest_generations.sh
# Needs: make setup kernel tools lab LAB_KERNEL=NAME.
set -u
GUEST_TEST=gen
# shellcheck source=tools/tests/guest_lib.sh
. "$(dirname "$0")/guest_lib.sh"
TAP_PREFIX="$LAB_KERNEL: "
guest_env || { echo "not ok 1 - $LAB_KERNEL is set up"; echo "1..1"; exit 1; }
case "$KVER" in
6.1.170-*) GEN=unfixed ;;
*) GEN=fixed ;;
esac
MODES="fentry"
[ "$IAVF_DRIVER" = traced ] && MODES="tp_btf raw_tp fentry"
if [ ! -x "$IVT" ] || [ ! -x "$QEMU" ]; then
	echo "not ok 1 - $LAB_KERNEL: needs make tools lab"
	echo "1..1"
	exit 1
fi

cat >"$T/inner.sh" <<'EOF2'
up_s() { read -r u _ </proc/uptime; echo "$u"; }
. /lab/guest_helpers.sh
IF=$(first_vf)
for MODE in $MODES; do
	echo "@@ $MODE"
	t0=$(up_s)
	iavf-vlantrace monitor --mode $MODE >/tmp/m.out 2>/tmp/m.err &
	P=$!
	i=0; while ! grep -q " in mode " /tmp/m.err && [ $i -lt 600 ]; do sleep 0.05; i=$((i+1)); done
	echo "@@ $MODE attach $t0 $(up_s)"
	ip link set $IF up
	waitup $IF
	addvlan $IF v100 100
	addvlan $IF v200 200
	sleep 2
	ip link del v200
	sleep 2
	ip link set $IF down
	sleep 2
	ip link set $IF up
	waitup $IF
	sleep 4
	kill -INT $P; wait $P; echo "@@ $MODE monitor rc=$?"
	echo "@@ $MODE out"; cat /tmp/m.out; cat /tmp/m.err
	echo "@@ $MODE audit"; iavf-vlantrace audit --mode $MODE -j; echo "@@ $MODE audit rc=$?"
	ip link del v100
	ip link set $IF down
	sleep 1
done
# --stack: the traced driver's own code under each transition; fentry
# mode refuses it (exit 2, one line)
case " $MODES " in *" tp_btf "*)
	iavf-vlantrace monitor --mode tp_btf --stack -j >/tmp/k.out 2>/tmp/k.err &
	P=$!
	i=0; while ! grep -q " in mode " /tmp/k.err && [ $i -lt 600 ]; do sleep 0.05; i=$((i+1)); done
	ip link set $IF up
	waitup $IF
	addvlan $IF v300 300
	sleep 2
	kill -INT $P; wait $P
	echo "@@ stack"; grep '"vid":300' /tmp/k.out
	ip link del v300
esac
iavf-vlantrace monitor --mode fentry --stack >/dev/null 2>/tmp/k.err
echo "@@ stack fentry rc=$? lines=$(wc -l </tmp/k.err) $(head -c 60 /tmp/k.err)"
echo "@@ end"
EOF2

guest_run 400 "$ONE_VF" "MODES='$MODES' sh /lab/inner.sh" --file "$T/inner.sh"
rc=$?
ok $rc "guest ran (run.sh exit $rc; kernel $KREL, iavf $IAVF_DRIVER)"

if [ $GEN = unfixed ]; then
	# VLAN 100 through add and down/up; VLAN 200 deleted (freed when
	# its DEL is sent).
	WANT=("vid 100 +ADD +-> IS_NEW" "vid 100 +IS_NEW +-> ACTIVE" "vid 100 +ACTIVE +-> DISABLE"
	      "vid 100 +DISABLE +-> INACTIVE" "vid 100 +INACTIVE +-> ADD" "vid 200 +REMOVE +-> NONE")
	NEVER="ADDING|REMOVING"
else
	WANT=("vid 100 +ADD +-> ADDING" "vid 100 +ADDING +-> ACTIVE" "vid 200 +REMOVING +-> NONE")
	NEVER="IS_NEW|DISABLE|INACTIVE"
fi
for MODE in $MODES; do
	read -r _ _ _ a0 a1 <<<"$(grep "^@@ $MODE attach " "$T/out")"
	if [ -n "${a1:-}" ]; then
		echo "# figure: $LAB_KERNEL $MODE: start to attached $(awk "BEGIN { printf \"%d\", ($a1 - $a0) * 1000 }") ms (guest uptime, 10 ms steps)"
	fi
	section "$MODE out" >"$T/mon"
	grep -q "iavf VLAN state machine: $GEN" "$T/mon"
	ok $? "$MODE: the tool names the $GEN state machine"
	miss=
	for w in "${WANT[@]}"; do
		grep -qE "$w" "$T/mon" || miss="$miss [$w]"
	done
	[ -z "$miss" ]
	ok $? "$MODE: monitor shows the driver's own transitions: ${WANT[*]}${miss:+ (missing:$miss)}"
	! grep -qE "vid [0-9]+ +.*\\b($NEVER)\\b" "$T/mon"
	ok $? "$MODE: no state name of the other generation ($NEVER)"
	grep -q "@@ $MODE monitor rc=0" "$T/out"
	ok $? "$MODE: Ctrl-C ends the monitor with status 0"
	section "$MODE audit" | python3 -c 'import json,sys
o=json.loads(sys.stdin.read()); assert o["clean"] and o["generation"]==sys.argv[1], o' "$GEN" &&
		grep -q "@@ $MODE audit rc=0" "$T/out"
	ok $? "$MODE: audit -j is clean and names the $GEN generation, exit 0"
done
if [ "$IAVF_DRIVER" = traced ]; then
	section stack | python3 -c 'import json,sys
st=[json.loads(l) for l in sys.stdin if l.strip()]
assert st and all(any(f.endswith(" [iavf]") and f.startswith("iavf_") for f in x["stack"]) for x in st), st' &&
		! section stack | grep -q '\[bpf\]'
	ok $? "tp_btf: monitor --stack shows the driver's own frames ([iavf]) under each VLAN 300 transition"
fi
grep -q "^@@ stack fentry rc=2 lines=1 .*--stack needs the iavf tracepoints" "$T/out"
ok $? "fentry: monitor --stack is refused in one line, exit 2"
guest_done 80
