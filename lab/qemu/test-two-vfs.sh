#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Lab test: our QEMU with one emulated PF and two iavf VFs. Boots the guest
# (q35, TCG, -smp 1) with our iavf.ko and checks that both VFs probe, come
# up with carrier and the MACs given on the QEMU command line, that a VLAN
# sub-interface on each reaches the PF (its dump lists the VID), and that
# the PF control works from the host (chardev socket) and from the guest
# (iavf-pfctl device). Prints TAP; the boot-to-both-VFs-up time is a TAP
# comment.
#
# Usage: lab/qemu/test-two-vfs.sh [--iavf KO|stock]   (default: LAB_KERNEL's driver)
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
IAVF=
[ "${1:-}" = --iavf ] && IAVF=$2

MAC0=02:1a:00:00:00:10
MAC1=02:1a:00:00:00:11
TMP=$(mktemp -d)
QPID=
cleanup() {
	[ -z "$QPID" ] || kill "$QPID" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
[ -n "${KEEP_TMP:-}" ] && trap - EXIT && echo "# tmp: $TMP"

# shellcheck source=lab/qemu/test_lib.sh
. lab/qemu/test_lib.sh

make -s -C lab BUILD="$ROOT/build" >"$TMP/log" 2>&1 || bail "make -C lab (QEMU and pfctl)"
QEMU=$(cat build/lab/qemu.path)
PFCTL=$ROOT/build/lab/pfctl
tap 0 "lab QEMU built: $QEMU"
if [ -z "$IAVF" ]; then
	# LAB_KERNEL's driver: ours built from its series, or its stock one.
	make -s kernel >"$TMP/log" 2>&1 || bail "make kernel (LAB_KERNEL ${LAB_KERNEL:-6.12-traced})"
	IAVF=$(. lab/guest/lib.sh && guest_load_env && guest_default_iavf)
fi

# One line: run.sh splits --qemu-args on blanks of its first line only.
DEVS=$(lab/qemu/vf-devices.sh --mac-prefix "${MAC0%0}" 2)

# Host control, without a guest: the PF sees both VFs with their MACs.
"$QEMU" -machine q35 -accel tcg -nodefaults -display none -S \
	-L /usr/share/qemu -L /usr/share/seabios \
	-chardev "socket,id=pfctl,path=$TMP/pfctl.sock,server=on,wait=off" \
	-device iavf-pfctl,pf=pf0,chardev=pfctl $DEVS >"$TMP/qemu.log" 2>&1 &
QPID=$!
for _ in $(seq 50); do [ -S "$TMP/pfctl.sock" ] && break; sleep 0.1; done
"$PFCTL" -s "$TMP/pfctl.sock" dump >"$TMP/hostdump" 2>&1
rc=$?
grep -q "vf=0 mac=$MAC0" "$TMP/hostdump" && grep -q "vf=1 mac=$MAC1" "$TMP/hostdump"
tap $((rc | $?)) "host pfctl over the chardev: dump lists vf=0 and vf=1 with their MACs"
"$PFCTL" -s "$TMP/pfctl.sock" trust vf=7 on >/dev/null 2>&1
[ $? = 1 ]
tap $? "host pfctl: a command on a VF that does not exist fails"
kill "$QPID" 2>/dev/null
wait "$QPID" 2>/dev/null
QPID=

# In the guest: wait for two iavf netdevs, bring them up, wait for carrier.
cat >"$TMP/guest.sh" <<'EOF'
# No IPv6 autoconf traffic: this test is about the control plane only.
echo 1 >/proc/sys/net/ipv6/conf/all/disable_ipv6
echo 1 >/proc/sys/net/ipv6/conf/default/disable_ipv6
iavf_devs() {
	for d in /sys/class/net/*; do
		[ "$(basename "$(readlink "$d/device/driver" 2>/dev/null)")" = iavf ] &&
			echo "${d##*/}"
	done
}
i=0
while [ "$(iavf_devs | wc -l)" -lt 2 ] && [ $i -lt 300 ]; do sleep 0.05; i=$((i + 1)); done
devs=$(iavf_devs)
# iavf refuses open until its init task is done: retry briefly.
for d in $devs; do
	i=0
	until ip link set "$d" up 2>/dev/null || [ $i -ge 60 ]; do sleep 0.05; i=$((i + 1)); done
done
i=0
while [ $i -lt 300 ]; do
	up=0
	for d in $devs; do [ "$(cat /sys/class/net/$d/carrier 2>/dev/null)" = 1 ] && up=$((up + 1)); done
	[ $up -ge 2 ] && break
	sleep 0.05; i=$((i + 1))
done
read -r t_up _ </proc/uptime
echo "both_up_at $t_up"
for d in $devs; do
	echo "netdev $d $(cat /sys/class/net/$d/address) carrier=$(cat /sys/class/net/$d/carrier 2>/dev/null)"
done
# Our iavf.ko reports the filter states through tracepoints (stock: none).
T=/sys/kernel/tracing
if [ -d $T/events/iavf/iavf_vlan_state ]; then
	echo 1 >$T/events/iavf/iavf_vlan_state/enable
	echo 1 >$T/events/iavf/iavf_vlan_vc/enable
	echo tracing on
fi
# A VLAN on each VF: the driver sends ADD_VLAN_V2 from its watchdog task.
vid=100
for d in $devs; do
	ip link add link "$d" name "$d.$vid" type vlan id $vid && ip link set "$d.$vid" up
	echo "vlan_add $d $vid rc=$?"
	vid=$((vid + 100))
done
i=0
while [ $i -lt 100 ]; do
	/lab/pfctl dump >/tmp/dump 2>&1
	[ "$(grep -c 'vlans=0,[12]00 ' /tmp/dump)" = 2 ] && break
	sleep 0.05; i=$((i + 1))
done
sed 's/^/pfdump /' /tmp/dump
if [ -d $T/events/iavf/iavf_vlan_state ]; then
	i=0
	while [ "$(grep -c ' -> ACTIVE ' $T/trace)" -lt 2 ] && [ $i -lt 100 ]; do
		sleep 0.05; i=$((i + 1))
	done
	grep -E 'iavf_vlan_(state|vc):' $T/trace | sed 's/.*iavf_vlan_/trace iavf_vlan_/'
fi
/lab/pfctl history | sed 's/^/pfhistory /'
dmesg | grep -i iavf | sed 's/^/dmesg /'
EOF

run_args=(--qemu "$QEMU" --file "$PFCTL" --file "$TMP/guest.sh:/lab/guest.sh"
	--qemu-args "-device iavf-pfctl,pf=pf0 $DEVS" --timeout 90)
initrd=$TMP/initramfs.cpio.gz
lab/guest/mkinitramfs.sh -q -o "$initrd" --iavf "$IAVF" --bin "$(command -v ip)" \
	>"$TMP/log" 2>&1 || bail "guest initramfs ($IAVF)"
t0=$(date +%s.%N)
lab/guest/run.sh -v --initrd "$initrd" "${run_args[@]}" 'sh /lab/guest.sh' \
	>"$TMP/out" 2>"$TMP/log"
rc=$?
t1=$(date +%s.%N)
tap $rc "guest booted with two VFs and ran the checks (iavf: ${IAVF##*/})"
[ $rc = 0 ] || { sed 's/^/# /' "$TMP/log" | tail -n 40; exit 1; }

mac_of() { awk -v m="$1" '$1 == "netdev" && $3 == m' "$TMP/out"; }
for m in "$MAC0" "$MAC1"; do
	mac_of "$m" | grep -q "carrier=1"
	tap $? "an iavf netdev has MAC $m and carrier"
done
[ "$(grep -c '^netdev ' "$TMP/out")" = 2 ]
tap $? "exactly two iavf netdevs"
[ "$(grep -c '^vlan_add .* rc=0$' "$TMP/out")" = 2 ]
tap $? "ip link add ... type vlan succeeded on both VFs"
# Which VID went to which VF depends on the netdev names; the PF must
# hold one of 100/200 on each VF, and the two must differ.
v0=$(grep "^pfdump pf=pf0 vf=0 mac=$MAC0 " "$TMP/out" | grep -o ' vlans=[0-9,]*' | cut -d= -f2)
v1=$(grep "^pfdump pf=pf0 vf=1 mac=$MAC1 " "$TMP/out" | grep -o ' vlans=[0-9,]*' | cut -d= -f2)
{ [ "$v0" = 0,100 ] && [ "$v1" = 0,200 ]; } || { [ "$v0" = 0,200 ] && [ "$v1" = 0,100 ]; }
tap $? "the PF holds the VLAN filter of each VF (vf0 vlans=$v0, vf1 vlans=$v1)"

# The driver's side, through the tracepoints of our iavf.ko: each VID was
# sent as ADD_VLAN_V2, answered with success, and went ADDING -> ACTIVE.
if grep -q '^tracing on' "$TMP/out"; then
	ok=1
	while read -r _ dev vid _; do
		ok=0
		grep -q "^trace iavf_vlan_vc: dev=$dev .* send op=ADD_VLAN_V2 num=1 " "$TMP/out" &&
		grep -q "^trace iavf_vlan_vc: dev=$dev .* reply op=ADD_VLAN_V2 .*v_retval=0" "$TMP/out" &&
		grep -q "^trace iavf_vlan_state: dev=$dev .* vid=$vid .*ADDING -> ACTIVE " "$TMP/out" ||
			{ ok=1; break; }
	done < <(grep '^vlan_add ' "$TMP/out")
	tap $ok "tracepoints: on each VF ADD_VLAN_V2 sent and acknowledged, the VID went ADDING -> ACTIVE"
	[ $ok = 0 ] || grep '^trace ' "$TMP/out" | sed 's/^/# /'
else
	tap 0 "tracepoints: VLAN filters become ACTIVE # SKIP ${IAVF##*/} has no iavf tracepoints"
fi

up=$(awk '$1 == "both_up_at" { print $2 }' "$TMP/out")
boot=$(sed -n 's/.*command started at guest uptime \([0-9.]*\)s.*/\1/p' "$TMP/log")
echo "# boot-to-both-VFs-up: ${up:-?} s guest uptime (modules loaded at ${boot:-?} s);" \
	"run.sh wall $(awk "BEGIN { printf \"%.1f\", $t1 - $t0 }") s (goal <= 20 s)"
exit $failed
