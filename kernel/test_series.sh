#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# TAP tests of a lab kernel's patch series (LAB_KERNEL, default
# 6.12-traced; its env file names the series): every patch applies to
# Debian's driver and builds with W=1 and sparse (C=2) with no new
# warnings, passes that kernel's checkpatch --strict, the tracepoint
# headers in the driver are the ones in tracepoints/, every VLAN state
# write goes through the traced helper, and the module's BTF carries the
# events.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
LAB_KERNEL=${LAB_KERNEL:-6.12-traced}
DRV=drivers/net/ethernet/intel/iavf

echo "TAP version 13"
if ! env=$("$ROOT/lab/kernel-env.sh" "$LAB_KERNEL" 2>&1); then
	echo "1..1"
	echo "not ok 1 - $env"
	exit 1
fi
# shellcheck source=/dev/null
. "$env"
if [ "$IAVF_DRIVER" != traced ] || [ -z "$IAVF_SERIES" ]; then
	echo "1..0 # SKIP $LAB_KERNEL runs Debian's stock iavf: no series"
	exit 0
fi
if [ "$LAB_KERNEL" = 6.12-traced ]; then
	OUT=$BUILD/kernel
else
	OUT=$BUILD/kernel/$LAB_KERNEL
fi
WORK=$OUT/series-test
mapfile -t PATCHES < <(sed 's|^|'"$ROOT/$IAVF_SERIES"'/|' "$ROOT/$IAVF_SERIES/series")

n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }

# Builds the tree at $1 with W=1 and sparse; prints the number of compiler
# and sparse diagnostics, or "fail" when the build fails.
build_count() {
	local dir=$1 log=$1.log
	make -s -C "$KHDR" M="$dir" clean >/dev/null 2>&1
	if ! make -C "$KHDR" M="$dir" W=1 C=2 modules >"$log" 2>&1; then
		echo fail
		return
	fi
	grep -cE '(warning|error):' "$log"
}

echo "1..$(( ${#PATCHES[@]} * 2 + 7 ))"
echo "# $LAB_KERNEL: $IAVF_SERIES against $KVER ($KREL)"

rm -rf "$WORK" && mkdir -p "$WORK/tree/$(dirname $DRV)"
cp -r "$KSRC/$DRV" "$WORK/tree/$DRV"
base=$(build_count "$WORK/tree/$DRV")
if [ "$base" = fail ]; then
	not_ok "pristine Debian iavf builds (see $WORK/tree/$DRV.log)"
	base=0
else
	ok "pristine Debian iavf $KVER builds: $base W=1/sparse diagnostics (baseline)"
fi
base_writes=$(grep -c 'state = IAVF_VLAN_' "$WORK/tree/$DRV"/*.c | awk -F: '{s += $2} END {print s}')

for p in "${PATCHES[@]}"; do
	name=$(basename "$p")
	if ! patch -s -p1 -d "$WORK/tree" --no-backup-if-mismatch <"$p" >/dev/null; then
		not_ok "$name applies"
		not_ok "$name checkpatch (not run, patch does not apply)"
		continue
	fi
	cnt=$(build_count "$WORK/tree/$DRV")
	if [ "$cnt" = fail ]; then
		not_ok "$name applies but does not build (see $WORK/tree/$DRV.log)"
	elif [ "$cnt" -gt "$base" ]; then
		not_ok "$name builds with $cnt W=1/sparse diagnostics, baseline $base"
		grep -E '(warning|error):' "$WORK/tree/$DRV.log" | sed 's/^/# /'
	else
		ok "$name applies and builds: $cnt W=1/sparse diagnostics (baseline $base)"
	fi
	# FILE_PATH_CHANGES asks whether MAINTAINERS needs an update whenever a
	# file is added; the new files sit under drivers/net/ethernet/intel/,
	# which the INTEL ETHERNET DRIVERS entry already covers.
	total=$(cd "$KSRC" && perl scripts/checkpatch.pl --strict \
		--ignore FILE_PATH_CHANGES "$p" | grep '^total:')
	if echo "$total" | grep -q '^total: 0 errors, 0 warnings'; then
		ok "$name checkpatch --strict: ${total#total: }"
	else
		not_ok "$name checkpatch --strict: ${total#total: }"
		(cd "$KSRC" && perl scripts/checkpatch.pl --strict --ignore FILE_PATH_CHANGES "$p") |
			grep -E '^(ERROR|WARNING)' -A2 | sed 's/^/# /'
	fi
done

mod=$WORK/tree/$DRV/iavf.ko
same=1
for h in iavf_vlan_abi.h iavf_vlan_trace.h; do
	cmp -s "$ROOT/tracepoints/$h" "$WORK/tree/$DRV/$h" || same=0
done
if [ $same = 1 ]; then
	ok "the driver's iavf_vlan_abi.h and iavf_vlan_trace.h are tracepoints/'s"
else
	not_ok "the driver's tracepoint headers differ from tracepoints/ (regenerate the series)"
fi

writes=$(grep -n 'state = IAVF_VLAN_' "$WORK/tree/$DRV"/*.c)
if [ -z "$writes" ] && [ "$base_writes" -gt 0 ]; then
	ok "all $base_writes direct VLAN state writes now go through iavf_vlan_set_state()"
else
	not_ok "VLAN state written without the traced helper:"
	echo "$writes" | sed 's/^/# /'
fi

# A reason belongs to one driver generation or both: each must have a
# transition site in this tree or in another series' added lines.
unused='' here=0 others='' other_lines=''
for s in "$ROOT"/kernel/patches*/series; do
	d=$(dirname "$s")
	[ "$d" = "$ROOT/$IAVF_SERIES" ] && continue
	others="$others ${d#"$ROOT"/}"
	while read -r p; do
		other_lines+=$(grep '^+' "$d/$p")$'\n'
	done <"$s"
done
for r in $(grep -oE 'IAVF_VLAN_R_[A-Z0-9_]+ =' "$ROOT/tracepoints/iavf_vlan_abi.h" | cut -d' ' -f1); do
	if grep -q "$r\b" "$WORK/tree/$DRV"/iavf_main.c "$WORK/tree/$DRV"/iavf_virtchnl.c; then
		here=$((here + 1))
	elif ! grep -q "$r\b" <<<"$other_lines"; then
		unused="$unused $r"
	fi
done
if [ -z "$unused" ]; then
	ok "every transition reason of iavf_vlan_abi.h has a site: $here in $IAVF_SERIES, the others in${others:- (none)}"
else
	not_ok "reasons with no transition site in any series:$unused"
fi

# 6.1's headers have no vmlinux: module-btf.sh encodes the BTF kbuild skipped.
btf=0
export KHDR KSRC KIMAGE KREL
if [ -f "$mod" ] && "$ROOT/kernel/module-btf.sh" "$mod" "$OUT" &&
   vmlinux=$("$ROOT/kernel/module-btf.sh" --base "$OUT"); then
	btf=$(bpftool -B "$vmlinux" btf dump file "$mod" 2>/dev/null | grep -oE "btf_trace_iavf_(vlan_state|vlan_vc|updown)'" | sort -u | wc -l)
fi
if [ "$btf" -eq 3 ]; then
	ok "module BTF has btf_trace_iavf_vlan_state, _vlan_vc and _updown"
else
	not_ok "module BTF has $btf of the 3 btf_trace_ types for the new events"
fi

vermagic=$(modinfo -F vermagic "$mod" 2>/dev/null)
if [ "${vermagic%% *}" = "$KREL" ]; then
	ok "vermagic is $KREL"
else
	not_ok "vermagic '$vermagic' is not for $KREL"
fi

ev=$(grep -c '^TRACE_EVENT(' "$WORK/tree/$DRV/iavf_vlan_trace.h")
if [ "$ev" -eq 3 ] && grep -q 'iavf_vlan_trace.o' "$WORK/tree/$DRV/Makefile"; then
	ok "three events defined and their unit is built"
else
	not_ok "expected 3 TRACE_EVENTs and iavf_vlan_trace.o in the Makefile, got $ev"
fi

echo "# $((n - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
