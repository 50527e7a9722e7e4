#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# TAP: builds the traced iavf with Debian's dkms for every traced lab
# kernel (lab/kernels.txt), against that kernel's cached headers, through
# kernel/dkms-install.sh --build-only with a temporary source and DKMS
# tree, so nothing on the host changes (no /usr/src entry, no
# /var/lib/dkms entry, no signing key: signing is off). Checks that the
# script picked the series of the driver's generation, that the module is
# for that kernel and carries the three events, and that an unsupported
# layout is refused with one line.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
WORK=$BUILD/kernel/dkms-test
mapfile -t KERNELS < <(awk '!/^#/ && $5 == "traced" {print $1}' "$ROOT/lab/kernels.txt")

n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }

echo "TAP version 13"
echo "1..$(( ${#KERNELS[@]} * 5 + 2 ))"
command -v dkms >/dev/null || echo "# dkms is not installed (lab/setup.sh installs it)"
rm -rf "$WORK" && mkdir -p "$WORK"
host_before=$(ls -d /usr/src/iavf-vlantrace-* /var/lib/dkms/iavf-vlantrace /var/lib/dkms/mok.key 2>/dev/null)

for k in "${KERNELS[@]}"; do
	if ! env=$("$ROOT/lab/kernel-env.sh" "$k" 2>&1); then
		for _ in 1 2 3 4 5; do not_ok "$k: $env"; done
		continue
	fi
	# shellcheck source=/dev/null
	. "$env"
	w=$WORK/$k log=$WORK/$k.log
	mkdir -p "$w/src" "$w/tree"
	start=$(date +%s)
	# sign_file: a path that does not exist turns dkms's signing off.
	sign_file=$w/no-sign-file "$ROOT/kernel/dkms-install.sh" --build-only \
		-k "$KREL" --kernelsourcedir "$KHDR" \
		--sourcetree "$w/src" --dkmstree "$w/tree" "$KSRC" >"$log" 2>&1
	rc=$? secs=$(( $(date +%s) - start ))
	picked=$(sed -n 's/^dkms-install: .*series \(kernel\/.*\)$/\1/p' "$log")
	if [ "$picked" = "$IAVF_SERIES" ]; then
		ok "$k: dkms-install.sh picks $picked from $KVER's iavf.h"
	else
		not_ok "$k: dkms-install.sh picked '$picked', lab/kernels.txt says $IAVF_SERIES"
	fi
	ko=$(find "$w/tree/iavf-vlantrace" -path "*/$KREL/*" -name iavf.ko 2>/dev/null)
	if [ "$rc" -eq 0 ] && [ -n "$ko" ] && [ "$(wc -l <<<"$ko")" -eq 1 ]; then
		ok "$k: dkms build against $KREL's headers: ${ko#"$WORK"/} (${secs} s)"
	else
		not_ok "$k: dkms build failed (rc $rc, see $log)"
		tail -n 15 "$log" | sed 's/^/# /'
		ko=/nonexistent
	fi
	vermagic=$(modinfo -F vermagic "$ko" 2>/dev/null)
	if [ "${vermagic%% *}" = "$KREL" ]; then
		ok "$k: vermagic is $KREL"
	else
		not_ok "$k: vermagic '$vermagic' is not for $KREL"
	fi
	# The events as the kernel finds them in the module: a tracepoint each
	# and a __bpf_raw_tp_map entry each (what raw_tp attaches by name).
	syms=$(nm "$ko" 2>/dev/null | grep -cE ' (__tracepoint|__bpf_trace_tp_map)_iavf_(vlan_state|vlan_vc|updown)$')
	sect=$(readelf -SW "$ko" 2>/dev/null | grep -c ' __bpf_raw_tp_map ')
	if [ "$syms" -eq 6 ] && [ "$sect" -eq 1 ]; then
		ok "$k: iavf.ko has the 3 tracepoints and their __bpf_raw_tp_map entries"
	else
		not_ok "$k: iavf.ko has $syms of 6 tracepoint/raw_tp symbols, __bpf_raw_tp_map sections: $sect"
	fi
	if [ -f "$KHDR/vmlinux" ]; then
		btf=$(bpftool -B "$KHDR/vmlinux" btf dump file "$ko" 2>/dev/null | grep -oE "btf_trace_iavf_(vlan_state|vlan_vc|updown)'" | sort -u | wc -l)
		if [ "$btf" -eq 3 ]; then
			ok "$k: module BTF has btf_trace_iavf_vlan_state, _vlan_vc and _updown"
		else
			not_ok "$k: module BTF has $btf of the 3 btf_trace_ types"
		fi
	else
		skip "$k: module BTF" "the headers ship no vmlinux, so kbuild (and DKMS) encode no module BTF: raw_tp works, tp_btf does not (make -C kernel adds it with module-btf.sh)"
	fi
done

# A tree whose driver predates the state enum (bool add, remove) is refused.
old=$WORK/old-layout/drivers/net/ethernet/intel/iavf
mkdir -p "$old"
printf 'struct iavf_vlan_filter {\n\tstruct list_head list;\n\tstruct iavf_vlan vlan;\n\tbool remove;\n\tbool add;\n};\n' >"$old/iavf.h"
out=$("$ROOT/kernel/dkms-install.sh" --build-only --sourcetree "$WORK/old-layout/src" \
	--dkmstree "$WORK/old-layout/tree" "$WORK/old-layout" 2>&1)
rc=$?
if [ "$rc" -ne 0 ] && [ "$(wc -l <<<"$out")" -eq 1 ] && grep -q 'unsupported VLAN filter layout' <<<"$out"; then
	ok "a driver with bool add/remove is refused in one line"
else
	not_ok "old layout: rc $rc, output: $out"
fi

host_after=$(ls -d /usr/src/iavf-vlantrace-* /var/lib/dkms/iavf-vlantrace /var/lib/dkms/mok.key 2>/dev/null)
if [ "$host_after" = "$host_before" ]; then
	ok "the host is untouched: no new /usr/src/iavf-vlantrace-*, /var/lib/dkms entry or signing key"
else
	not_ok "the host changed: before '$host_before', after '$host_after'"
fi

echo "# $((n - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
