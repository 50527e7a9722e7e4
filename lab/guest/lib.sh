# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers shared by mkinitramfs.sh and run.sh (sourced, not run): staging
# host binaries and files into an initramfs tree, and packing that tree.

GUEST_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

guest_die() { echo "${0##*/}: $*" >&2; exit 255; }

# Kernel image, module tree and driver of the lab guest: the LAB_KERNEL
# entry of lab/kernels.txt (default 6.12-traced), from lab/setup.sh's cache,
# unless the caller's environment already names KIMAGE and KMODS.
guest_load_env() {
	local env
	if [ -z "${KIMAGE:-}" ] || [ -z "${KMODS:-}" ]; then
		env=$("$GUEST_LIB_DIR/../kernel-env.sh") || guest_die "run lab/setup.sh (or make setup) first"
		# shellcheck disable=SC1090
		. "$env"
	fi
	LAB_KERNEL=${LAB_KERNEL:-6.12-traced}
	IAVF_DRIVER=${IAVF_DRIVER:-traced}
	[ -r "$KIMAGE" ] || guest_die "kernel image $KIMAGE not readable"
	[ -d "$KMODS" ] || guest_die "module tree $KMODS missing"
}

# The iavf module a guest of LAB_KERNEL loads by default: "stock" (the
# kernel's own) or our build of that kernel's series (kernel/Makefile;
# KERNEL_FIXES=0: the tracing series without our fixes, in nofix/).
guest_default_iavf() {
	local build=${BUILD:-$GUEST_LIB_DIR/../../build} dir

	if [ "$IAVF_DRIVER" = stock ]; then
		echo stock
		return
	fi
	dir=$build/kernel
	[ "$LAB_KERNEL" = 6.12-traced ] || dir=$dir/$LAB_KERNEL
	[ "${KERNEL_FIXES:-1}" = 0 ] && dir=$dir/nofix
	echo "$dir/iavf.ko"
}

# The shared libraries a dynamic ELF needs, one absolute path a line
# (empty for a static binary or a script).
guest_ldd_libs() {
	ldd "$1" 2>/dev/null | awk '
		$2 == "=>" && $3 ~ /^\// { print $3; next }
		$1 ~ /^\// { print $1 }'
}

# guest_stage_bin ROOT BIN: BIN goes to ROOT/usr/bin/, its libraries to the
# same absolute paths under ROOT so the guest's loader finds them.
guest_stage_bin() {
	local root=$1 bin=$2 path lib
	path=$(command -v "$bin") || guest_die "binary $bin not found"
	mkdir -p "$root/usr/bin"
	cp -L "$path" "$root/usr/bin/" || guest_die "cannot copy $path"
	for lib in $(guest_ldd_libs "$path"); do
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib" || guest_die "cannot copy $lib (needed by $path)"
	done
}

# guest_stage_file ROOT SRC[:DST]: a file or directory, copied as is to DST
# (default /lab/<basename of SRC>).
guest_stage_file() {
	local root=$1 spec=$2 src dst
	src=${spec%%:*}
	dst=${spec#*:}
	[ "$dst" = "$spec" ] && dst=/lab/$(basename "$src")
	[ -e "$src" ] || guest_die "file $src not found"
	mkdir -p "$root$(dirname "$dst")"
	rm -rf "${root:?}$dst"
	cp -a "$src" "$root$dst" || guest_die "cannot copy $src"
}

# Content hash of the inputs a staged bin or file brings in.
guest_hash_bin() {
	local path
	path=$(command -v "$1") || guest_die "binary $1 not found"
	# shellcheck disable=SC2046 # library paths have no spaces
	sha256sum "$path" $(guest_ldd_libs "$path") | awk '{print $1}'
}

guest_hash_file() {
	local src=${1%%:*}
	[ -e "$src" ] || guest_die "file $src not found"
	echo "$1"
	if [ -d "$src" ]; then
		(cd "$src" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0r sha256sum)
	else
		sha256sum <"$src"
	fi
}

# guest_pack ROOT OUT: a gzip-compressed newc archive owned by root.
guest_pack() {
	(cd "$1" && find . -mindepth 1 | LC_ALL=C sort |
		cpio -o -H newc -R 0:0 --quiet) | gzip -1 >"$2"
}
