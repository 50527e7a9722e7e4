#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# One standalone BTF file (the kernel's vmlinux BTF + iavf's module BTF) of
# a lab kernel (lab/kernels.txt), from the Debian packages in the cache, for
# the CO-RE unit tests (btf_custom_path). Nothing here is committed.
#
# Usage: tests/kernel_btf.sh NAME OUT MKBTF [optional]
# A missing kernel is fetched with lab/setup.sh --no-packages NAME, unless
# "optional" is given (then exit 3 quietly). Errors: one line, exit 1.
set -eu
name=$1 out=$2 mkbtf=$3 optional=${4:-}
root=$(cd "$(dirname "$0")/../.." && pwd)
die() { echo "tools: $name: $*" >&2; exit 1; }

if ! envf=$("$root/lab/kernel-env.sh" "$name" 2>/dev/null); then
	[ -n "$optional" ] && exit 3
	"$root/lab/setup.sh" --no-packages "$name" >/dev/null ||
		die "not in the cache and lab/setup.sh --no-packages $name failed"
	envf=$("$root/lab/kernel-env.sh" "$name") || die "lab/setup.sh left no env file"
fi
# shellcheck disable=SC1090
. "$envf"
ko=$(find "$KMODS/kernel/drivers/net/ethernet/intel/iavf" -name 'iavf.ko*' 2>/dev/null | head -n1)
[ -n "$ko" ] || die "no iavf.ko under $KMODS"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
case $ko in
*.xz) xz -dc "$ko" >"$tmp/iavf.ko" || die "cannot decompress $ko" ;;
*.zst) zstd -qdc "$ko" >"$tmp/iavf.ko" || die "cannot decompress $ko" ;;
*) cp "$ko" "$tmp/iavf.ko" ;;
esac
# the headers' BTF-only vmlinux where Debian ships one (6.12), else the
# image's own .BTF (6.1: extract-vmlinux from the kernel's source)
if [ -r "$KHDR/vmlinux" ]; then
	base=$KHDR/vmlinux
else
	[ -x "$KSRC/scripts/extract-vmlinux" ] || die "no vmlinux BTF: neither $KHDR/vmlinux nor $KSRC/scripts/extract-vmlinux"
	"$KSRC/scripts/extract-vmlinux" "$KIMAGE" >"$tmp/vmlinux" 2>/dev/null ||
		die "extract-vmlinux failed on $KIMAGE"
	base=$tmp/vmlinux
fi
"$mkbtf" merge "$base" "$tmp/iavf.ko" "$out.tmp" || die "mkbtf merge failed"
mv "$out.tmp" "$out"
