#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest half of tools/tests/guest_signals.sh (busybox sh): each command is
# signalled DELAY ms after its start (sigat) and must end within 10 s; one
# "@@" line per run:
#   @@ run MODE SIG DELAY_MS CMD... | rc=N ms=N progs=N links=N out=WORD
PATH=/lab:$PATH
. /lab/guest_helpers.sh
MODES=${MODES:-fentry}
IF=$(first_vf)
ip link set "$IF" up
waitup "$IF"
addvlan "$IF" v100 100
# our programs and links left in the kernel (every program of the object
# has one of these name prefixes; nothing else in the guest loads BPF)
ours() { bpftool "$1" show 2>/dev/null | grep -cE "name (fe|fx|btf|raw)_"; }
nlinks() { bpftool link show 2>/dev/null | grep -c '^[0-9]*:'; }
one() {	# one MODE SIG DELAY_MS CMD...
	m=$1 sig=$2 d=$3; shift 3
	sigat "$d" "$sig" 10000 iavf-vlantrace "$@" --mode "$m" -j >/tmp/s.out 2>/tmp/s.err
	r=$(sed -n 's/^sigat: //p' /tmp/s.err)
	case "$r" in
	"status "*) rc=${r#status }; rc=${rc%% *}; ms=${r##* after }; ms=${ms% ms} ;;
	*) rc=hung ms=10000 ;;
	esac
	out=none
	grep -q '"summary"' /tmp/s.out && out=summary
	grep -q '"histograms"' /tmp/s.out && out=histograms
	grep -q '"clean"' /tmp/s.out && out=audit
	grep -q '"error"' /tmp/s.out && out="$out+error"
	echo "@@ run $m $sig $d $* | rc=$rc ms=$ms progs=$(ours prog) links=$(nlinks) out=$out"
}
for m in $MODES; do
	for c in monitor latency "audit --watch"; do
		for d in 0 10 50 200 1000 3000; do
			# shellcheck disable=SC2086
			one "$m" INT "$d" $c
		done
		# shellcheck disable=SC2086
		one "$m" TERM 50 $c
		# shellcheck disable=SC2086
		one "$m" TERM 3000 $c
	done
done
echo "@@ end"
