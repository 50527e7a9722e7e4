#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Idempotent host set-up for iavf-vlantrace: Debian packages, and the lab
# kernels of lab/kernels.txt (image, headers, kbuild and source of one exact
# Debian version each) unpacked into a cache folder outside the git tree
# (reused when present). Prints nothing but errors and a one-line summary
# per kernel unless V=1.
#
# Usage: lab/setup.sh [--no-packages] [--all | NAME...]
#   NAME     a kernel of lab/kernels.txt (default: $LAB_KERNEL, else
#            6.12-traced); the default kernel is always set up too, since
#            QEMU, the device model and the tools build against it
#   --all    every kernel of the table
# Environment: IAVF_VLANTRACE_CACHE (default /var/cache/iavf-vlantrace),
#   LAB_KERNEL.
# Writes: $CACHE/kernels/NAME.env per kernel (read by lab/kernel-env.sh) and
#   $CACHE/current.env (the default kernel's tree).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${IAVF_VLANTRACE_CACHE:-/var/cache/iavf-vlantrace}
TABLE=$HERE/kernels.txt
DEFAULT_KERNEL=6.12-traced
PACKAGES=(
	build-essential dwarves sparse clang llvm libbpf-dev bpftool libelf-dev
	zlib1g-dev libjson-c-dev libmnl-dev busybox-static qemu-system-x86
	qemu-system-data seabios xz-utils cpio bc flex bison kmod dpkg-dev
	meson ninja-build pkg-config libglib2.0-dev libpixman-1-dev libfdt-dev
	iproute2 python3
	libclang-rt-14-dev groff-base dkms prometheus librsvg2-bin
)

die() { echo "setup: $*" >&2; exit 1; }
log() { [ "${V:-0}" = 1 ] && echo "setup: $*" >&2 || true; }

[ "$(id -u)" = 0 ] || die "must run as root (apt-get and unpacking into $CACHE)"

install_packages() {
	local missing=() p
	for p in "${PACKAGES[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	log "installing ${missing[*]}"
	apt-get update -qq >/dev/null
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends "${missing[@]}" >/dev/null ||
		die "apt-get install failed for: ${missing[*]}"
}

# One line of the table: sets NAME SRCPKG DEBVER KREL KBUILD KBUILDVER
# DRIVER SERIES, or dies naming the kernels there are.
table_line() {
	local line
	line=$(awk -v n="$1" '$1 == n' "$TABLE")
	[ -n "$line" ] || die "unknown LAB_KERNEL '$1' (lab/kernels.txt has: $(awk '!/^#/ && NF {printf "%s ", $1}' "$TABLE"))"
	read -r NAME src KREL kb DRIVER SERIES <<<"$line"
	SRCPKG=${src%%=*} DEBVER=${src#*=} KBUILD=${kb%%=*} KBUILDVER=${kb#*=}
}

# package=version pairs the kernel needs, one a line.
kernel_packages() {
	echo "linux-image-$KREL-unsigned=$DEBVER"
	echo "linux-headers-$KREL=$DEBVER"
	echo "linux-headers-${KREL%-amd64}-common=$DEBVER"
	echo "$KBUILD=$KBUILDVER"
	echo "$SRCPKG=$DEBVER"
}

# Every package must be offered at exactly the table's version.
check_versions() {
	local pv updated=0
	for pv in $(kernel_packages); do
		if ! apt-cache show "$pv" >/dev/null 2>&1; then
			if [ $updated = 0 ]; then
				apt-get update -qq >/dev/null
				updated=1
				apt-cache show "$pv" >/dev/null 2>&1 && continue
			fi
			die "kernel $NAME: package ${pv%%=*} version ${pv#*=} is not offered by the registry (lab/kernels.txt)"
		fi
	done
}

fetch_kernel() {
	local dir=$CACHE/$KREL dl pv deb
	if [ -f "$dir/.complete" ] && [ "$(cat "$dir/.complete")" = "$KREL $DEBVER" ]; then
		log "kernel $KREL cached in $dir"
		return 0
	fi
	check_versions
	rm -rf "$dir"
	mkdir -p "$dir/debs" "$dir/root"
	dl=$dir/debs
	for pv in $(kernel_packages); do
		(cd "$dl" && apt-get download -qq -o APT::Sandbox::User=root "$pv" >/dev/null) ||
			die "kernel $NAME: apt-get download $pv failed"
	done
	for deb in "$dl"/*.deb; do
		dpkg-deb -x "$deb" "$dir/root"
	done
	# The headers' Makefile includes the -common tree by absolute path.
	sed -i "s|/usr/src/linux-headers-${KREL%-amd64}-common|$dir/root/usr/src/linux-headers-${KREL%-amd64}-common|" \
		"$dir/root/usr/src/linux-headers-$KREL/Makefile"
	# The headers' scripts and tools are symlinks into the kbuild package's
	# absolute /usr/lib path: point them at the unpacked copy.
	find "$dir/root/usr/src" -type l -lname "/usr/lib/linux-kbuild-*" | while read -r l; do
		ln -sfn "$dir/root$(readlink "$l")" "$l"
	done
	mkdir -p "$dir/src"
	tar -C "$dir/src" -xf "$dir/root/usr/src/$SRCPKG.tar.xz" --strip-components=1
	rm -rf "$dl" "$dir/root/usr/src/$SRCPKG.tar.xz"
	# The versions must agree with what we asked for.
	[ -r "$dir/root/boot/vmlinuz-$KREL" ] || die "kernel $NAME: no vmlinuz-$KREL in linux-image-$KREL-unsigned"
	[ -d "$dir/root/lib/modules/$KREL" ] || die "kernel $NAME: no /lib/modules/$KREL in the image"
	[ -f "$dir/src/Makefile" ] || die "kernel $NAME: $SRCPKG unpacked no kernel tree"
	echo "$KREL $DEBVER" >"$dir/.complete"
}

# Rewritten only when it changes: Makefiles depend on its time stamp.
write_if_changed() {
	if cmp -s "$1.new" "$1"; then rm -f "$1.new"; else mv "$1.new" "$1"; fi
}

write_env() {
	local out=$1 dir=$CACHE/$KREL series=
	[ "$SERIES" = - ] || series=$SERIES
	cat >"$out.new" <<EOF
LAB_KERNEL=$NAME
KREL=$KREL
KVER=$DEBVER
KLINE=${SRCPKG#linux-source-}
KCACHE=$dir
KHDR=$dir/root/usr/src/linux-headers-$KREL
KSRC=$dir/src
KIMAGE=$dir/root/boot/vmlinuz-$KREL
KMODS=$dir/root/lib/modules/$KREL
IAVF_DRIVER=$DRIVER
IAVF_SERIES=$series
EOF
	write_if_changed "$out"
}

setup_kernel() {
	table_line "$1"
	fetch_kernel
	mkdir -p "$CACHE/kernels"
	write_env "$CACHE/kernels/$NAME.env"
	echo "setup: kernel $NAME ($KREL, $DEBVER, iavf $DRIVER) ready in $CACHE/$KREL"
}

PKGS=1
WANT=()
while [ $# -gt 0 ]; do
	case "$1" in
	--no-packages) PKGS=0 ;;
	--all) mapfile -t WANT < <(awk '!/^#/ && NF {print $1}' "$TABLE") ;;
	-h|--help) sed -n '4,20s/^# \{0,1\}//p' "$0"; exit 0 ;;
	-*) die "unknown option $1 (see --help)" ;;
	*) WANT+=("$1") ;;
	esac
	shift
done
[ ${#WANT[@]} -gt 0 ] || WANT=("${LAB_KERNEL:-$DEFAULT_KERNEL}")

[ $PKGS = 0 ] || install_packages
mkdir -p "$CACHE"
setup_kernel "$DEFAULT_KERNEL" >/dev/null
# The default kernel's tree builds QEMU, the device model and the tools.
write_env "$CACHE/current.env"
ln -sfn "$CACHE/$KREL" "$CACHE/current"
for k in "${WANT[@]}"; do
	setup_kernel "$k"
done
