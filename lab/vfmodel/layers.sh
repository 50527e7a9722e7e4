#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Layer check of the model core, from the objects themselves (TAP):
#   - every cross-file reference (call, or a function/data address) goes to
#     the same layer or a lower one (LAYERS below, top first), never up;
#   - no call cycle between files, no include cycle between files;
#   - files under the PF include no PF-or-above header;
#   - no helper defined in two files (a static function of the same name);
#   - functions under 60 lines, unless the comment above says "Long:".
# Callbacks a layer registers are address references made by the upper
# layer, so calls back up through them do not show here: that is the point.
# Usage: layers.sh OUTDIR [TAP offset]; CC, CPPFLAGS from the Makefile.
# `LAYERS_VERBOSE=1` also prints the cross-file edges.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$1/layers
OFF=${2:-4000}
CC=${CC:-cc}

LAYERS=(
	"api: vfmodel.c control.c dump.c"
	"pf: pf_ctl.c mailbox.c virtchnl.c pfvf.c faults.c opnames.c"
	"device: vf.c adminq.c"
	"datapath: datapath.c dp_tx.c dp_rx.c dp_irq.c"
	"switch: switch.c"
	"base: filters.c sched.c host.c"
)
PF_HEADERS="vfmodel_int.h pf.h ctl.h"

n=0
fail=0
tap() {	# tap OK|FAIL description [details file]
	n=$((n + 1))
	if [ "$1" = OK ]; then
		echo "ok $((OFF + n)) - layers: $2"
	else
		echo "not ok $((OFF + n)) - layers: $2"
		[ -s "${3:-/dev/null}" ] && sed 's/^/#   /' "$3"
		fail=1
	fi
}

declare -A LAYER RANK
rank=0
for l in "${LAYERS[@]}"; do
	name=${l%%:*}
	for f in ${l#*:}; do
		LAYER[$f]=$name
		RANK[$f]=$rank
	done
	rank=$((rank + 1))
done
SRCS=$(sed -n '/^CORE_SRCS/,/[^\\]$/p' "$HERE/Makefile" | tr -d '\\' | sed 's/^CORE_SRCS *:= *//')

mkdir -p "$OUT"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for f in $SRCS; do
	[ -n "${LAYER[$f]:-}" ] || { echo "# $f: in no layer of layers.sh" >"$tmp/nolayer"; }
	# -O0: static functions stay symbols of their own
	$CC -O0 -c ${CPPFLAGS:-} -std=c11 -D_DEFAULT_SOURCE -fno-strict-aliasing \
		"$HERE/$f" -o "$OUT/${f%.c}.o" || exit 1
done
for f in $SRCS; do
	o=$OUT/${f%.c}.o
	nm --defined-only "$o" | awk -v f="$f" '$2 ~ /^[TDRB]$/ { print $3, f }'
done | sort >"$tmp/defs"
for f in $SRCS; do
	nm -u "$OUT/${f%.c}.o" | awk -v f="$f" '{ print $2, f }'
done | sort >"$tmp/uses"
# edges: user -> definer
join "$tmp/uses" "$tmp/defs" | awk '$2 != $3 { print $2, $3 }' | sort -u >"$tmp/edges"
[ "${LAYERS_VERBOSE:-0}" = 1 ] && sed 's/^\(.*\) \(.*\)$/# call: \1 -> \2/' "$tmp/edges"

: >"$tmp/up"
while read -r a b; do
	[ "${RANK[$a]:-99}" -le "${RANK[$b]:-99}" ] ||
		echo "$a (${LAYER[$a]:-?}) calls up into $b (${LAYER[$b]:-?})" >>"$tmp/up"
done <"$tmp/edges"
cat "$tmp/nolayer" 2>/dev/null >>"$tmp/up"
tap "$( [ -s "$tmp/up" ] && echo FAIL || echo OK)" "no cross-file call goes up a layer ($(wc -l <"$tmp/edges") file-to-file edges)" "$tmp/up"

tsort "$tmp/edges" >/dev/null 2>"$tmp/cyc"
tap "$( [ -s "$tmp/cyc" ] && echo FAIL || echo OK)" "no call cycle between files" "$tmp/cyc"

for f in $SRCS $(cd "$HERE" && ls ./*.h | sed 's#^\./##'); do
	sed -n 's/^#include "\([^"]*\)".*/\1/p' "$HERE/$f" | while read -r h; do echo "$f $h"; done
done >"$tmp/incl"
tsort "$tmp/incl" >/dev/null 2>"$tmp/icyc"
tap "$( [ -s "$tmp/icyc" ] && echo FAIL || echo OK)" "no include cycle ($(wc -l <"$tmp/incl") includes)" "$tmp/icyc"

: >"$tmp/bad_incl"
while read -r f h; do
	case $f in *.c) ;; *) continue ;; esac
	case " $PF_HEADERS " in *" $h "*) ;; *) continue ;; esac
	[ "${RANK[$f]:-0}" -le "${RANK[mailbox.c]}" ] ||
		echo "$f (${LAYER[$f]}) includes $h" >>"$tmp/bad_incl"
done <"$tmp/incl"
tap "$( [ -s "$tmp/bad_incl" ] && echo FAIL || echo OK)" "layers under the PF include no PF header" "$tmp/bad_incl"

# functions defined in more than one file (static inline ones of headers aside)
(cd "$HERE" && cat ./*.h) | sed -n 's/^static inline [^(]*[ *]\([a-z_0-9]*\)(.*/\1/p' | sort -u >"$tmp/inline"
for f in $SRCS; do
	nm --defined-only "$OUT/${f%.c}.o" | awk -v f="$f" '$2 ~ /^[tT]$/ { print $3, f }'
done | grep -vwFf "$tmp/inline" | sort |
	awk '{ c[$1]++; w[$1] = w[$1] " " $2 } END { for (s in c) if (c[s] > 1) print s ":" w[s] }' >"$tmp/dups"
tap "$( [ -s "$tmp/dups" ] && echo FAIL || echo OK)" "no function defined in two files" "$tmp/dups"

# function bodies: from a "{" to a "}" in column 0; exempt with "Long:" in the comment above
for f in $SRCS; do
	awk -v f="$f" '
		/^{/ { start = NR; name = prev; long = seen_long; next }
		/^}/ && start { len = NR - start - 1
			if (ENVIRON["LAYERS_VERBOSE"] == 1) print f ": " name " " len " lines" >"/dev/stderr"
			if (len > 60 && !long) print f ": " name " " len " lines"
			start = 0; seen_long = 0; next }
		/Long:/ { seen_long = 1 }
		/^[a-z].*\(/ { prev = $0; sub(/\(.*/, "", prev); sub(/.* \**/, "", prev) }
	' "$HERE/$f"
done >"$tmp/long"
tap "$( [ -s "$tmp/long" ] && echo FAIL || echo OK)" "functions under 60 lines" "$tmp/long"
echo "1..$n"
exit $fail
