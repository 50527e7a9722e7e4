#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Issue A's in-guest tests (TAP): the patched iavf.ko loads in the lab guest,
# tracefs lists each event of tracepoints/iavf_vlan_trace.h with exactly the
# header's fields, the module BTF carries btf_trace_<event>, and a tp_btf
# program attaches to each event through it.
#
# Usage: lab/guest/test_traced_driver.sh   (from anywhere; builds what it needs)
# Development overrides (not for CI): LAB_A_IAVF_KO (use this module instead
# of `make kernel`), LAB_A_HEADER, LAB_A_EVENTS, LAB_A_BPF_OBJ.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
cd "$ROOT" || exit 1

OUT=$ROOT/build/lab/guest-a
HEADER=${LAB_A_HEADER:-tracepoints/iavf_vlan_trace.h}
read -r -a EVENTS <<<"${LAB_A_EVENTS:-iavf_vlan_state iavf_vlan_vc iavf_updown}"
BPF_OBJ=${LAB_A_BPF_OBJ:-build/lab/guest/attach_check.bpf.o}
mkdir -p "$OUT"

n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=1; echo "not ok $n - $*"; }
# check DESC CMD...: one TAP line from CMD's status; its output as comments.
check() {
	local desc=$1 out
	shift
	if out=$("$@" 2>&1); then
		ok "$desc"
	else
		not_ok "$desc"
		printf '%s\n' "$out" | tail -n 30 | sed 's/^/#   /'
	fi
}
bail() {
	echo "Bail out! $*"
	echo "1..$n"
	exit 1
}

# 1. The module under test. A missing build is a failure, never a skip.
if [ -n "${LAB_A_IAVF_KO:-}" ]; then
	KO=$LAB_A_IAVF_KO
	check "iavf module $KO exists (LAB_A_IAVF_KO)" test -r "$KO"
else
	KO=build/kernel/iavf.ko
	check "make kernel builds $KO" \
		bash -c "make --no-print-directory kernel >'$OUT/make-kernel.log' 2>&1 || { tail -n 30 '$OUT/make-kernel.log'; exit 1; }; test -r '$KO' || { echo '$KO missing after make kernel'; exit 1; }"
fi
[ "$failed" = 0 ] || bail "no iavf.ko to test"

check "guest helpers build (attach_check, BPF object)" make --no-print-directory -C lab/guest
check "initramfs with $KO, bpftool and the helpers" \
	lab/guest/mkinitramfs.sh -q -o "$OUT/initramfs.cpio.gz" --iavf "$KO" \
	--bin bpftool --file build/lab/guest/attach_check:/lab/attach_check \
	--file "$BPF_OBJ:/lab/check.bpf.o" --file lab/guest/guest_a.sh:/lab/guest_a.sh
[ "$failed" = 0 ] || bail "cannot build the guest"

# The parser must see the events we test; otherwise a parser bug would
# silently compare nothing.
header_events=$(lab/guest/tp_format.py events "$HEADER" 2>&1)
missing=
for ev in "${EVENTS[@]}"; do
	grep -qx "$ev" <<<"$header_events" || missing="$missing $ev"
done
if [ -z "$missing" ]; then
	ok "$HEADER defines ${EVENTS[*]}"
else
	not_ok "$HEADER defines ${EVENTS[*]}"
	echo "#   missing:$missing; parser says: $header_events"
fi

# 2. One boot: iavf's dependencies come from init, iavf from the script.
G=$OUT/guest
rm -rf "$G" && mkdir -p "$G"
start=$(date +%s)
lab/guest/run.sh --initrd "$OUT/initramfs.cpio.gz" --no-iavf --timeout 40 \
	--log "$OUT/console.log" -- \
	sh /lab/guest_a.sh /lib/modules/lab/iavf.ko /lab/check.bpf.o "${EVENTS[@]}" \
	>"$G/out" 2>"$G/run.err"
rc=$?
if [ "$rc" = 0 ]; then
	ok "guest booted and ran the checks ($(($(date +%s) - start)) s)"
	sed 's/^/# /' "$G/run.err"	# a kernel WARNING note, if any
else
	not_ok "guest booted and ran the checks (run.sh status $rc)"
	sed 's/^/#   /' "$G/run.err" | tail -n 40
	bail "no guest results (console log: $OUT/console.log)"
fi
awk -v dir="$G" '/^@@section /{ f = dir "/" $2; printf "" >f; next } f { print >f }' "$G/out"

if grep -qx "status 0" "$G/insmod" 2>/dev/null; then
	ok "insmod iavf.ko succeeds in the guest"
else
	not_ok "insmod iavf.ko succeeds in the guest"
	sed 's/^/#   /' "$G/insmod" 2>/dev/null
fi

for ev in "${EVENTS[@]}"; do
	check "tracefs events/iavf/$ev/format has exactly the fields of $HEADER" \
		lab/guest/tp_format.py check "$HEADER" "$G/format.$ev" "$ev"
done

for ev in "${EVENTS[@]}"; do
	check "module BTF /sys/kernel/btf/iavf has btf_trace_$ev" \
		grep -q "TYPEDEF 'btf_trace_$ev'" "$G/btf"
done

for ev in "${EVENTS[@]}"; do
	if grep -qx "attach tp_btf/$ev ok" "$G/attach"; then
		ok "tp_btf/$ev loads and attaches through the module BTF"
	else
		not_ok "tp_btf/$ev loads and attaches through the module BTF"
		grep -q "^begin tp_btf/$ev\$" "$G/attach" ||
			echo "#   $BPF_OBJ has no tp_btf/$ev program"
		sed -n "\\|^begin tp_btf/$ev\$|,\\|^attach tp_btf/$ev |p" "$G/attach" |
			tail -n 25 | sed 's/^/#   /'
	fi
done

echo "1..$n"
exit "$failed"
