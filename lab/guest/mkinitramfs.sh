#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Builds the lab guest's initramfs: busybox-static, lab/guest/init, the
# Debian modules iavf needs (with their dependencies, in load order), our
# iavf.ko, host binaries with their shared libraries, and extra files.
# The result is reused while none of its inputs changed (hash stamp).
#
# Usage: lab/guest/mkinitramfs.sh [options]
#   -o, --output FILE   archive to write (default build/lab/initramfs.cpio.gz)
#   --iavf KO|stock|none  iavf module: a .ko path, the kernel's own (stock), or
#                       none (default: LAB_KERNEL's driver, lab/kernels.txt:
#                       stock, or build/kernel/[NAME/]iavf.ko for traced)
#   --bin BIN           host binary (name or path) to /usr/bin, with its ldd
#                       libraries (repeatable)
#   --file SRC[:DST]    file or directory to DST (default /lab/NAME) (repeatable)
#   -q, --quiet         print nothing on success
# Environment: LAB_KERNEL (default 6.12-traced), or KMODS and KIMAGE.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# shellcheck source=lab/guest/lib.sh
. "$HERE/lib.sh"

OUT=$ROOT/build/lab/initramfs.cpio.gz
IAVF=
BINS=()
FILES=()
QUIET=0
# Loaded in this order, then whatever else the iavf module depends on;
# the OPT ones only where the kernel has them (6.1 has no libie/libeth).
BASE_MODULES=(llc stp garp mrp 8021q)
OPT_MODULES=(libie libeth)

while [ $# -gt 0 ]; do
	case "$1" in
	-o|--output) OUT=$2; shift 2 ;;
	--iavf) IAVF=$2; shift 2 ;;
	--bin) BINS+=("$2"); shift 2 ;;
	--file) FILES+=("$2"); shift 2 ;;
	-q|--quiet) QUIET=1; shift ;;
	-h|--help) sed -n '4,18s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) guest_die "unknown option $1 (see --help)" ;;
	esac
done

guest_load_env
[ -n "$IAVF" ] || IAVF=$(guest_default_iavf)
BUSYBOX=$(command -v busybox) || guest_die "busybox not found (Debian busybox-static)"
[ -z "$(guest_ldd_libs "$BUSYBOX")" ] ||
	guest_die "$BUSYBOX is not static: install busybox-static"

case "$IAVF" in
stock) IAVF_SRC=$(find "$KMODS/kernel" -name iavf.ko.xz -o -name iavf.ko | head -1)
       [ -n "$IAVF_SRC" ] || guest_die "no stock iavf module under $KMODS" ;;
none) IAVF_SRC= ;;
*) IAVF_SRC=$IAVF
   [ -r "$IAVF_SRC" ] || guest_die "iavf module $IAVF_SRC not found (run make kernel LAB_KERNEL=$LAB_KERNEL, or pass --iavf)" ;;
esac

# Debian's package ships no modules.dep: find modules by name.
module_path() {
	local p
	p=$(find "$KMODS/kernel" -name "$1.ko.xz" -o -name "$1.ko" | head -1)
	[ -n "$p" ] || guest_die "module $1 not found under $KMODS"
	echo "$p"
}

module_depends() {
	modinfo -F depends "$1" | tr ',' ' '
}

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# Depth-first: every module after its dependencies, each once.
ORDER=()
declare -A SEEN=() MODFILE=()
add_module() {
	local name=$1 file=${2:-} dep
	[ -n "${SEEN[$name]:-}" ] && return 0
	SEEN[$name]=1
	[ -n "$file" ] || file=$(module_path "$name")
	for dep in $(module_depends "$file"); do
		add_module "$dep"
	done
	MODFILE[$name]=$file
	ORDER+=("$name")
}
for m in "${BASE_MODULES[@]}"; do
	add_module "$m"
done
for m in "${OPT_MODULES[@]}"; do
	[ -z "$(find "$KMODS/kernel" -name "$m.ko.xz" -o -name "$m.ko" | head -1)" ] || add_module "$m"
done
[ -n "$IAVF_SRC" ] && add_module iavf "$IAVF_SRC"

# Stamp: everything the archive is made of.
stamp_inputs() {
	sha256sum "$0" "$HERE/lib.sh" "$HERE/init" "$BUSYBOX" | awk '{print $1}'
	echo "kernel $KIMAGE"
	guest_hash_bin dash
	for m in "${ORDER[@]}"; do
		echo "$m $(sha256sum <"${MODFILE[$m]}")"
	done
	local b f
	for b in "${BINS[@]}"; do echo "bin $b"; guest_hash_bin "$b"; done
	for f in "${FILES[@]}"; do echo "file"; guest_hash_file "$f"; done
}
STAMP=$(stamp_inputs | sha256sum | awk '{print $1}')
if [ -r "$OUT" ] && [ "$(cat "$OUT.stamp" 2>/dev/null)" = "$STAMP" ]; then
	[ "$QUIET" = 1 ] || echo "mkinitramfs: $OUT up to date"
	exit 0
fi

R=$TMP/root
mkdir -p "$R"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,root,lab,lab-run,lib/modules/lab}
cp "$BUSYBOX" "$R/bin/busybox"
for a in $("$BUSYBOX" --list); do
	[ "$a" = sh ] || [ -e "$R/bin/$a" ] || ln -s busybox "$R/bin/$a"
done
# Debian's busybox-static ash runs its own applet before any PATH lookup,
# so an `ip` in a test would never reach iproute2's: dash (Essential in
# Debian) is /bin/sh instead, and busybox only provides the other tools.
DASH=$(command -v dash) || guest_die "dash not found"
guest_stage_bin "$R" "$DASH"
mv "$R/usr/bin/dash" "$R/bin/sh"
cp "$HERE/init" "$R/init"
chmod 755 "$R/init"

for m in "${ORDER[@]}"; do
	case "${MODFILE[$m]}" in
	*.xz) xz -dc "${MODFILE[$m]}" >"$R/lib/modules/lab/$m.ko" ;;
	*) cp "${MODFILE[$m]}" "$R/lib/modules/lab/$m.ko" ;;
	esac
	echo "$m" >>"$R/lib/modules/lab/order"
done

for b in "${BINS[@]}"; do guest_stage_bin "$R" "$b"; done
for f in "${FILES[@]}"; do guest_stage_file "$R" "$f"; done

mkdir -p "$(dirname "$OUT")"
guest_pack "$R" "$TMP/initramfs.cpio.gz"
mv "$TMP/initramfs.cpio.gz" "$OUT"
echo "$STAMP" >"$OUT.stamp"
[ "$QUIET" = 1 ] || echo "mkinitramfs: wrote $OUT ($(du -h "$OUT" | cut -f1); modules: ${ORDER[*]})"
