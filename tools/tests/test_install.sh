#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make install` into a DESTDIR: binary, man pages that render, and a bash
# completion that completes commands, options and modes.
set -u
D=$(mktemp -d /tmp/ivt-inst.XXXXXX)
trap 'rm -rf "$D"' EXIT
n=0 failed=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi; }

make -s --no-print-directory install DESTDIR="$D" PREFIX=/usr >/dev/null 2>&1
ok $? "make install DESTDIR=... PREFIX=/usr"
[ -x "$D/usr/sbin/iavf-vlantrace" ] && "$D/usr/sbin/iavf-vlantrace" --version >/dev/null
ok $? "binary installed in PREFIX/sbin and runs"
bad=0
for p in iavf-vlantrace iavf-vlantrace-monitor iavf-vlantrace-latency iavf-vlantrace-audit; do
	f=$D/usr/share/man/man8/$p.8
	[ -f "$f" ] || { bad=1; continue; }
	if command -v groff >/dev/null; then
		out=$(groff -man -Tutf8 -ww "$f" 2>&1 >/dev/null)
		[ -z "$out" ] || bad=1
	fi
done
ok $bad "four man pages installed, render without warnings"
C=$D/usr/share/bash-completion/completions/iavf-vlantrace
complete_words() { # complete_words WORDS...: print the completions of the last word
	bash -c '
		_init_completion() { cur=${COMP_WORDS[COMP_CWORD]}; prev=${COMP_WORDS[COMP_CWORD-1]}; words=("${COMP_WORDS[@]}"); cword=$COMP_CWORD; }
		_filedir() { :; }
		complete() { :; }
		. "$0"
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_iavf_vlantrace
		printf "%s\n" "${COMPREPLY[@]}"' "$C" "$@"
}
[ "$(complete_words iavf-vlantrace mo)" = monitor ]; ok $? "completion: command prefix"
complete_words iavf-vlantrace audit --p | grep -qx -- --prometheus &&
	complete_words iavf-vlantrace audit --p | grep -qx -- --pf-limit
ok $? "completion: audit options"
[ "$(complete_words iavf-vlantrace audit --fi)" = --filters ]; ok $? "completion: audit --filters"
! complete_words iavf-vlantrace audit -- | grep -qx -- --vid; ok $? "completion: audit offers no --vid"
[ "$(complete_words iavf-vlantrace monitor --mode fe)" = fentry ]; ok $? "completion: modes"
echo "1..$n"
[ $failed = 0 ]
