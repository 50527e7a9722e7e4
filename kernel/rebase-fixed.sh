#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Regenerates kernel/patches-fixed/, the tracing series (kernel/patches/)
# rebased on the fixes (kernel/fixes/), or checks that it is current.
#
#   kernel/rebase-fixed.sh            regenerate patches-fixed/
#   kernel/rebase-fixed.sh --check    exit 1 when regenerating would change it
#   kernel/rebase-fixed.sh --continue after resolving a conflict by hand
#
# In a scratch git tree ($BUILD/kernel/rebase-fixed): Debian's driver, the
# fixes, then each tracing patch with "git am -3". Where a fix and a
# tracing patch change the same lines (a state write the fix moves, a
# free it adds), git rerere replays the resolution recorded in
# patches-fixed/rr-cache/. A conflict it does not know stops the script:
# resolve it in the scratch tree (trace every transition the fix adds,
# with a reason of its own: ../tracepoints/README.md), "git add" the
# file, and run this script with --continue; the resolution is recorded
# for the next run. Uses LAB_KERNEL's source tree (default 6.12-traced).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
LAB_KERNEL=${LAB_KERNEL:-6.12-traced}
DRV=drivers/net/ethernet/intel/iavf
mode=${1:-}
# shellcheck source=/dev/null
. "$("$ROOT/lab/kernel-env.sh" "$LAB_KERNEL")"
TRACING=$IAVF_SERIES
FIXES=kernel/fixes${IAVF_SERIES#kernel/patches}
FIXED=$IAVF_SERIES-fixed
W=$BUILD/kernel/rebase-fixed
git_() { git -C "$W" -c user.name=rebase-fixed -c user.email=rebase-fixed@invalid "$@"; }
[ -f "$ROOT/$FIXES/series" ] || { echo "rebase-fixed: $LAB_KERNEL has no $FIXES" >&2; exit 1; }

apply_tracing() {
	local p
	while read -r p; do
		[ -n "$p" ] || continue
		# a subject format-patch wrapped goes on in lines starting with a space
		git_ log --format=%s fixes.. | grep -qxF "$(awk '/^Subject: /{s = $0; while ((getline l) > 0 && l ~ /^ /) s = s l; print s; exit}' "$ROOT/$TRACING/$p" | sed 's/^Subject: \[PATCH[^]]*\] //')" && continue
		if ! git_ am -q -3 "$ROOT/$TRACING/$p" >/dev/null 2>&1; then
			# rerere has replayed what it knows; done if nothing is left
			if [ -n "$(git_ diff --name-only --diff-filter=U)" ] ||
			   git_ diff | grep -q '^[+ ]*<<<<<<<'; then
				echo "rebase-fixed: $p conflicts with the fixes; resolve in $W," >&2
				echo "  git add the files, then: $0 --continue" >&2
				exit 2
			fi
			git_ add -u
			GIT_EDITOR=true git_ am --continue >/dev/null
		fi
	done <"$ROOT/$TRACING/series"
}

if [ "$mode" = --continue ]; then
	GIT_EDITOR=true git_ am --continue >/dev/null
else
	rm -rf "$W" && mkdir -p "$W/$(dirname $DRV)"
	cp -r "$KSRC/$DRV" "$W/$DRV"
	git -C "$W" init -q
	git_ config rerere.enabled true
	git_ config rerere.autoupdate true
	mkdir -p "$W/.git/rr-cache"
	[ -d "$ROOT/$FIXED/rr-cache" ] && cp -r "$ROOT/$FIXED/rr-cache/." "$W/.git/rr-cache/"
	git_ add -A && git_ commit -q -m "Debian $KVER" && git_ tag base
	git_ am -q $(sed 's|^|'"$ROOT/$FIXES"'/|' "$ROOT/$FIXES/series")
	git_ tag fixes
fi
apply_tracing

out=$W/out
rm -rf "$out" && mkdir -p "$out"
git_ format-patch -q --zero-commit -o "$out" fixes..
(cd "$out" && ls ./*.patch | sed 's|^\./||' >series)
if [ "$mode" = --check ]; then
	# format-patch output is stable but for the git version trailer
	if diff -r -q -x rr-cache -I '^[0-9]\+\.[0-9.]\+$' "$out" "$ROOT/$FIXED" >/dev/null; then
		echo "rebase-fixed: $FIXED is $TRACING rebased on $FIXES"
		exit 0
	fi
	echo "rebase-fixed: $FIXED is not current; run $0" >&2
	diff -r -x rr-cache -I '^[0-9]\+\.[0-9.]\+$' "$ROOT/$FIXED" "$out" | head -40 >&2
	exit 1
fi
rm -f "$ROOT/$FIXED"/*.patch
cp "$out"/*.patch "$out/series" "$ROOT/$FIXED/"
rm -rf "$ROOT/$FIXED/rr-cache" && cp -r "$W/.git/rr-cache" "$ROOT/$FIXED/rr-cache"
echo "rebase-fixed: wrote $FIXED ($(wc -l <"$out/series") patches) and its rr-cache"
