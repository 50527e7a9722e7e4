#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Gives an out-of-tree iavf.ko its BTF when kbuild could not: kbuild
# encodes module BTF only when the headers ship vmlinux (Debian's 6.12
# headers do, 6.1's do not: "Skipping BTF generation ... unavailability
# of vmlinux"). Then this extracts vmlinux from the kernel image once and
# runs the step kbuild would have run (scripts/Makefile.modfinal:
# pahole -J --btf_base vmlinux). A module that has BTF is left alone.
#
# Usage: kernel/module-btf.sh MODULE.ko BASE_DIR
#        kernel/module-btf.sh --base BASE_DIR   (print the base vmlinux)
#   with KHDR, KSRC, KIMAGE, KREL from the kernel's env file
#   (lab/kernel-env.sh); BASE_DIR caches the extracted vmlinux.
set -euo pipefail
usage="usage: $0 MODULE.ko|--base BASE_DIR"
ko=${1:?$usage}
dir=${2:?$usage}
: "${KHDR:?} ${KSRC:?} ${KIMAGE:?} ${KREL:?}"

# Section names, read whole (grep -q would cut readelf off: pipefail).
has_btf() { readelf -SW "$1" | grep -c ' \.BTF ' >/dev/null; }

if [ "$ko" != --base ] && has_btf "$ko"; then
	exit 0
fi
base=$KHDR/vmlinux
if [ ! -f "$base" ]; then
	base=$dir/vmlinux-$KREL
	if [ ! -s "$base" ]; then
		mkdir -p "$dir"
		"$KSRC/scripts/extract-vmlinux" "$KIMAGE" >"$base.tmp" ||
			{ echo "module-btf: cannot extract vmlinux from $KIMAGE" >&2; exit 1; }
		mv "$base.tmp" "$base"
	fi
fi
has_btf "$base" ||
	{ echo "module-btf: $base has no .BTF section" >&2; exit 1; }
if [ "$ko" = --base ]; then
	echo "$base"
	exit 0
fi
flags=$(PAHOLE=pahole "$KHDR/scripts/pahole-flags.sh")
# shellcheck disable=SC2086 # flags are words
LLVM_OBJCOPY=objcopy pahole -J $flags --btf_base "$base" "$ko"
