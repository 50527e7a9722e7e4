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
#
# A series with fixes (kernel/fixes/ for kernel/patches/) is tested
# twice more: each fix alone on Debian's driver (applies, builds, no new
# diagnostics, checkpatch, a Fixes: tag), then the fixes in order
# followed by the tracing series rebased on them (kernel/patches-fixed/),
# with the same checks as the tracing series alone, and the rebased copy
# must differ from kernel/patches/ only in trace calls.
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
series_files() { sed 's|^|'"$ROOT/$1"'/|' "$ROOT/$1/series"; }
mapfile -t PATCHES < <(series_files "$IAVF_SERIES")
FIXES=kernel/fixes${IAVF_SERIES#kernel/patches}
FIXED_SERIES=$IAVF_SERIES-fixed
FIX_PATCHES=() FIXED_PATCHES=()
if [ -f "$ROOT/$FIXES/series" ]; then
	mapfile -t FIX_PATCHES < <(series_files "$FIXES")
	mapfile -t FIXED_PATCHES < <(series_files "$FIXED_SERIES")
fi

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


# A fresh copy of Debian's driver in $1.
pristine() {
	rm -rf "$1" && mkdir -p "$1/$(dirname $DRV)"
	cp -r "$KSRC/$DRV" "$1/$DRV"
}

# checkpatch --strict from the kernel tree (not a git work tree) on patch
# $1 with extra --ignore types $2; tests "$3 checkpatch --strict".
checkpatch() {
	local p=$1 ignore=FILE_PATH_CHANGES${2:+,$2} total
	total=$(cd "$KSRC" && perl scripts/checkpatch.pl --strict \
		--ignore "$ignore" "$p" | grep '^total:')
	if echo "$total" | grep -q '^total: 0 errors, 0 warnings'; then
		ok "$3 checkpatch --strict: ${total#total: }"
	else
		not_ok "$3 checkpatch --strict: ${total#total: }"
		(cd "$KSRC" && perl scripts/checkpatch.pl --strict --ignore "$ignore" "$p") |
			grep -E '^(ERROR|WARNING)' -A2 | sed 's/^/# /'
	fi
}

# Tests "$2 ... builds" for the tree $1 against the baseline $base.
build_test() {
	local cnt
	cnt=$(build_count "$1/$DRV")
	if [ "$cnt" = fail ]; then
		not_ok "$2 applies but does not build (see $1/$DRV.log)"
	elif [ "$cnt" -gt "$base" ]; then
		not_ok "$2 builds with $cnt W=1/sparse diagnostics, baseline $base"
		grep -E '(warning|error):' "$1/$DRV.log" | sed 's/^/# /'
	else
		ok "$2 applies and builds: $cnt W=1/sparse diagnostics (baseline $base)"
	fi
}

# Applies the patches after $2 in turn to the tree $1: each applies,
# builds and passes checkpatch (2 tests each).
chain() {
	local tree=$1 label=$2 p name
	shift 2
	for p in "$@"; do
		name="$label$(basename "$p")"
		if ! patch -s -p1 -d "$tree" --no-backup-if-mismatch <"$p" >/dev/null; then
			not_ok "$name applies"
			not_ok "$name checkpatch (not run, patch does not apply)"
			continue
		fi
		build_test "$tree" "$name"
		# FILE_PATH_CHANGES asks whether MAINTAINERS needs an update
		# whenever a file is added; the new files sit under
		# drivers/net/ethernet/intel/, which the INTEL ETHERNET DRIVERS
		# entry already covers.
		checkpatch "$p" "" "$name"
	done
}

# The traced driver in the tree $1 (series $2, direct state writes in its
# base $3, label $4): 6 tests.
final_checks() {
	local tree=$1 series=$2 base_writes=$3 label=$4
	local mod=$tree/$DRV/iavf.ko same=1 writes h s d p r
	local unused='' here=0 others='' other_lines='' btf=0 vermagic ev

	for h in iavf_vlan_abi.h iavf_vlan_trace.h; do
		cmp -s "$ROOT/tracepoints/$h" "$tree/$DRV/$h" || same=0
	done
	if [ $same = 1 ]; then
		ok "${label}the driver's iavf_vlan_abi.h and iavf_vlan_trace.h are tracepoints/'s"
	else
		not_ok "${label}the driver's tracepoint headers differ from tracepoints/ (regenerate the series)"
	fi

	writes=$(grep -n 'state = IAVF_VLAN_' "$tree/$DRV"/*.c)
	if [ -z "$writes" ] && [ "$base_writes" -gt 0 ]; then
		ok "${label}all $base_writes direct VLAN state writes now go through iavf_vlan_set_state()"
	else
		not_ok "${label}VLAN state written without the traced helper:"
		echo "$writes" | sed 's/^/# /'
	fi

	# A reason belongs to one driver generation or both: each must have
	# a transition site in this tree or in another series' added lines.
	for s in "$ROOT"/kernel/patches*/series; do
		d=$(dirname "$s")
		[ "$d" = "$ROOT/$series" ] && continue
		others="$others ${d#"$ROOT"/}"
		while read -r p; do
			other_lines+=$(grep '^+' "$d/$p")$'\n'
		done <"$s"
	done
	for r in $(grep -oE 'IAVF_VLAN_R_[A-Z0-9_]+ =' "$ROOT/tracepoints/iavf_vlan_abi.h" | cut -d' ' -f1); do
		if grep -q "$r\b" "$tree/$DRV"/iavf_main.c "$tree/$DRV"/iavf_virtchnl.c; then
			here=$((here + 1))
		elif ! grep -q "$r\b" <<<"$other_lines"; then
			unused="$unused $r"
		fi
	done
	if [ -z "$unused" ]; then
		ok "${label}every transition reason of iavf_vlan_abi.h has a site: $here in $series, the others in${others:- (none)}"
	else
		not_ok "${label}reasons with no transition site in any series:$unused"
	fi

	# 6.1's headers have no vmlinux: module-btf.sh encodes the BTF kbuild
	# skipped.
	export KHDR KSRC KIMAGE KREL
	if [ -f "$mod" ] && "$ROOT/kernel/module-btf.sh" "$mod" "$OUT" &&
	   vmlinux=$("$ROOT/kernel/module-btf.sh" --base "$OUT"); then
		btf=$(bpftool -B "$vmlinux" btf dump file "$mod" 2>/dev/null | grep -oE "btf_trace_iavf_(vlan_state|vlan_vc|updown)'" | sort -u | wc -l)
	fi
	if [ "$btf" -eq 3 ]; then
		ok "${label}module BTF has btf_trace_iavf_vlan_state, _vlan_vc and _updown"
	else
		not_ok "${label}module BTF has $btf of the 3 btf_trace_ types for the new events"
	fi

	vermagic=$(modinfo -F vermagic "$mod" 2>/dev/null)
	if [ "${vermagic%% *}" = "$KREL" ]; then
		ok "${label}vermagic is $KREL"
	else
		not_ok "${label}vermagic '$vermagic' is not for $KREL"
	fi

	ev=$(grep -c '^TRACE_EVENT(' "$tree/$DRV/iavf_vlan_trace.h")
	if [ "$ev" -eq 3 ] && grep -q 'iavf_vlan_trace.o' "$tree/$DRV/Makefile"; then
		ok "${label}three events defined and their unit is built"
	else
		not_ok "${label}expected 3 TRACE_EVENTs and iavf_vlan_trace.o in the Makefile, got $ev"
	fi
}

count_writes() {
	grep -c 'state = IAVF_VLAN_' "$1/$DRV"/*.c | awk -F: '{s += $2} END {print s}'
}

# The added lines of a patch, leading whitespace dropped, one of each.
added() { grep '^+' "$1" | grep -v '^+++' | sed 's/^+[[:space:]]*//' | sort -u; }

nf=${#FIX_PATCHES[@]} npf=${#FIXED_PATCHES[@]}
plan=$(( ${#PATCHES[@]} * 2 + 7 ))
[ "$nf" -gt 0 ] && plan=$(( plan + nf * 3 + 1 + npf * 2 + 6 + 2 ))
echo "1..$plan"
echo "# $LAB_KERNEL: $IAVF_SERIES against $KVER ($KREL)${FIX_PATCHES:+, and $FIXES + $FIXED_SERIES}"

rm -rf "$WORK" && mkdir -p "$WORK"
pristine "$WORK/tree"
base=$(build_count "$WORK/tree/$DRV")
if [ "$base" = fail ]; then
	not_ok "pristine Debian iavf builds (see $WORK/tree/$DRV.log)"
	base=0
else
	ok "pristine Debian iavf $KVER builds: $base W=1/sparse diagnostics (baseline)"
fi
base_writes=$(count_writes "$WORK/tree")

# The tracing series alone on Debian's driver (KERNEL_FIXES=0).
chain "$WORK/tree" "" "${PATCHES[@]}"
final_checks "$WORK/tree" "$IAVF_SERIES" "$base_writes" ""

if [ "$nf" -gt 0 ]; then
	# Each fix alone on Debian's driver, as it would go upstream. The
	# upstream commits a Fixes: tag names are not in this tree's history
	# (a Debian source tree, no git), so UNKNOWN_COMMIT_ID is ignored;
	# the tag's format is still checked (GIT_COMMIT_ID is an error).
	for p in "${FIX_PATCHES[@]}"; do
		name=$(basename "$p")
		pristine "$WORK/fix"
		if patch -s -p1 -d "$WORK/fix" --no-backup-if-mismatch <"$p" >/dev/null; then
			build_test "$WORK/fix" "fix $name alone on Debian's driver:"
		else
			not_ok "fix $name applies to Debian's driver"
		fi
		checkpatch "$p" UNKNOWN_COMMIT_ID "fix $name"
		tags=$(grep -E '^Fixes: [0-9a-f]{12,40} \(".+"\)$' "$p")
		if [ -n "$tags" ]; then
			ok "fix $name has a Fixes: tag: $(echo "$tags" | awk '{print $2}' | paste -sd' ')"
		else
			not_ok "fix $name has no Fixes: tag"
		fi
	done

	# The fixes in order, then the tracing series rebased on them
	# (KERNEL_FIXES=1, the default).
	pristine "$WORK/fixed"
	applied=0
	for p in "${FIX_PATCHES[@]}"; do
		patch -s -p1 -d "$WORK/fixed" --no-backup-if-mismatch <"$p" >/dev/null &&
			applied=$((applied + 1))
	done
	if [ "$applied" -eq "$nf" ]; then
		ok "the $nf fixes of $FIXES apply in order to Debian's driver"
	else
		not_ok "only $applied of the $nf fixes of $FIXES apply in order"
	fi
	fixed_writes=$(count_writes "$WORK/fixed")
	chain "$WORK/fixed" "on the fixes: " "${FIXED_PATCHES[@]}"
	final_checks "$WORK/fixed" "$FIXED_SERIES" "$fixed_writes" "with the fixes: "

	# The rebased copy is the tracing series: same patches, same
	# subjects, and added lines that differ only in trace calls (sites
	# the fixes add, remove or reshape).
	trace_re='IAVF_VLAN_R_|iavf_vlan_filter_trace\(|iavf_vlan_set_state\(|^(f|vlf)->state,$|^kfree\((f|vlf)\);$|^v_retval \?$|^IAVF_VLAN_[A-Z]+,$'
	drift=''
	if [ "${#PATCHES[@]}" -ne "$npf" ]; then
		drift=" ${#PATCHES[@]} patches vs $npf"
	else
		for i in "${!PATCHES[@]}"; do
			a=${PATCHES[$i]} b=${FIXED_PATCHES[$i]}
			[ "$(grep -m1 '^Subject:' "$a")" = "$(grep -m1 '^Subject:' "$b")" ] ||
				drift="$drift $(basename "$b"):subject"
			extra=$( (comm -3 <(added "$a") <(added "$b") | sed 's/^\t//' |
				grep -vE "$trace_re") || true)
			if [ -n "$extra" ]; then
				drift="$drift $(basename "$b")"
				echo "$extra" | sed 's/^/# not a trace call: /'
			fi
		done
	fi
	if [ -z "$drift" ]; then
		ok "$FIXED_SERIES is $IAVF_SERIES rebased on the fixes: same subjects, added lines differ only in trace calls"
	else
		not_ok "$FIXED_SERIES differs from $IAVF_SERIES beyond trace calls (kernel/rebase-fixed.sh):$drift"
	fi
	if msg=$(BUILD=$BUILD LAB_KERNEL=$LAB_KERNEL "$ROOT/kernel/rebase-fixed.sh" --check 2>&1); then
		ok "$FIXED_SERIES is what kernel/rebase-fixed.sh generates (git am -3, rr-cache)"
	else
		not_ok "$FIXED_SERIES is not what kernel/rebase-fixed.sh generates"
		echo "$msg" | sed 's/^/# /'
	fi
fi

echo "# $((n - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
