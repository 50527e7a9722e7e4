#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Lab test of the data path: our QEMU, one emulated PF, two iavf VFs, each
# moved into its own network namespace in the guest. Frames go VF -> PF
# switch -> VF through the real iavf driver: VLAN 100 ping both ways, five
# VLANs at once, VLAN isolation (capture + PF counters), spoofchk (forged
# source MAC, VLAN anti-spoof), a port VLAN, and traffic after VF down/up,
# VF FLR and PF reset. Prints TAP and a throughput figure (UDP packets/s
# between the VFs under TCG) as TAP comments. The guest half is
# test-datapath-guest.sh; forged frames come from dpkt.c (static).
#
# Usage: lab/qemu/test-datapath.sh [--iavf KO|stock]   (default: LAB_KERNEL's driver)
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
IAVF=
[ "${1:-}" = --iavf ] && IAVF=$2

MAC0=02:1a:00:00:00:20
MAC1=02:1a:00:00:00:21
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
[ -n "${KEEP_TMP:-}" ] && trap - EXIT && echo "# tmp: $TMP"

# shellcheck source=lab/qemu/test_lib.sh
. lab/qemu/test_lib.sh

make -s -C lab BUILD="$ROOT/build" >"$TMP/log" 2>&1 || bail "make -C lab (QEMU and pfctl)"
QEMU=$(cat build/lab/qemu.path)
PFCTL=$ROOT/build/lab/pfctl
DPKT=$ROOT/build/lab/dpkt
${CC:-cc} -static -O2 -std=gnu11 -Wall -Wextra -Werror -o "$DPKT" lab/qemu/dpkt.c \
	>"$TMP/log" 2>&1 || bail "build dpkt (static frame tool)"
if [ -z "$IAVF" ]; then
	# LAB_KERNEL's driver: ours built from its series, or its stock one.
	make -s kernel >"$TMP/log" 2>&1 || bail "make kernel (LAB_KERNEL ${LAB_KERNEL:-6.12-traced})"
	IAVF=$(. lab/guest/lib.sh && guest_load_env && guest_default_iavf)
fi
initrd=$TMP/initramfs.cpio.gz
lab/guest/mkinitramfs.sh -q -o "$initrd" --iavf "$IAVF" --bin "$(command -v ip)" \
	>"$TMP/log" 2>&1 || bail "guest initramfs ($IAVF)"

DEVS="-device iavf-pfctl,pf=pf0"
DEVS+=" $(lab/qemu/vf-devices.sh --mac-prefix "${MAC0%0}" 2)"
t0=$(date +%s.%N)
lab/guest/run.sh -v --initrd "$initrd" --qemu "$QEMU" --qemu-args "$DEVS" --timeout 150 \
	--file "$PFCTL" --file "$DPKT" --file lab/qemu/test-datapath-guest.sh:/lab/dp.sh \
	"sh /lab/dp.sh $MAC0 $MAC1" >"$TMP/out" 2>"$TMP/log"
rc=$?
t1=$(date +%s.%N)
tap $rc "guest with two VFs ran the data path checks (iavf: ${IAVF##*/})"
if [ $rc != 0 ]; then
	sed 's/^/# /' "$TMP/out" | tail -n 40
	sed 's/^/# /' "$TMP/log" | tail -n 40
fi

while read -r tag status desc; do
	case $tag in
	R) tap "$status" "$desc" ;;
	esac
done < <(if [ -s "$TMP/out" ]; then cat "$TMP/out"; else sed -n 's/^#* *> //p' "$TMP/log"; fi)
[ $n -gt 1 ] || tap 1 "the guest reported no checks"
grep '^F ' "$TMP/out" | sed 's/^F /# throughput: /'
if [ $failed != 0 ] || [ -n "${VERBOSE:-}" ]; then
	grep '^I ' "$TMP/out" | sed 's/^I /# /'
fi
echo "# run.sh wall $(awk "BEGIN { printf \"%.1f\", $t1 - $t0 }") s"
echo "1..$n"
exit $failed
