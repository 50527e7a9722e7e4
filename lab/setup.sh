#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Idempotent host set-up for iavf-vlantrace: Debian packages, and Debian's
# 6.12 kernel image, headers, kbuild and source unpacked into a cache folder
# outside the git tree (reused when present). Prints nothing but errors and a
# one-line summary unless V=1.
#
# Usage: lab/setup.sh [--no-packages]
# Environment: IAVF_VLANTRACE_CACHE (default /var/cache/iavf-vlantrace)
set -euo pipefail

CACHE=${IAVF_VLANTRACE_CACHE:-/var/cache/iavf-vlantrace}
SRC_PKG=linux-source-6.12
PACKAGES=(
	build-essential dwarves sparse clang llvm libbpf-dev bpftool libelf-dev
	zlib1g-dev libjson-c-dev libmnl-dev busybox-static qemu-system-x86
	qemu-system-data seabios xz-utils cpio bc flex bison kmod dpkg-dev
	meson ninja-build pkg-config libglib2.0-dev libpixman-1-dev libfdt-dev
	iproute2 python3
	libclang-rt-14-dev groff-base
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

# The kernel version comes from what the registry offers for linux-source-6.12;
# the image, headers and kbuild must be offered at the very same version.
resolve_version() {
	local want pkg have
	want=$(apt-cache policy "$SRC_PKG" 2>/dev/null | awk '/Candidate:/ {print $2}')
	if [ -z "$want" ] || [ "$want" = "(none)" ]; then
		apt-get update -qq >/dev/null
		want=$(apt-cache policy "$SRC_PKG" | awk '/Candidate:/ {print $2}')
	fi
	[ -n "$want" ] && [ "$want" != "(none)" ] || die "$SRC_PKG not offered by the registry"
	DEBVER=$want                      # e.g. 6.12.117-1~deb12u1
	UPVER=${want%%-*}                 # 6.12.117
	ABI="$UPVER+deb12"                # 6.12.117+deb12
	KREL="$ABI-amd64"
	for pkg in "linux-image-$KREL-unsigned" "linux-headers-$KREL" \
		   "linux-headers-$ABI-common" "linux-kbuild-$ABI"; do
		have=$(apt-cache policy "$pkg" 2>/dev/null | awk '/Candidate:/ {print $2}')
		[ "$have" = "$DEBVER" ] ||
			die "version mismatch: $SRC_PKG is $DEBVER but $pkg is '${have:-absent}'"
	done
}

fetch_kernel() {
	local dir=$CACHE/$KREL dl pkg deb
	if [ -f "$dir/.complete" ]; then
		log "kernel $KREL cached in $dir"
		return 0
	fi
	rm -rf "$dir"
	mkdir -p "$dir/debs" "$dir/root"
	dl=$dir/debs
	for pkg in "linux-image-$KREL-unsigned" "linux-headers-$KREL" \
		   "linux-headers-$ABI-common" "linux-kbuild-$ABI" "$SRC_PKG"; do
		(cd "$dl" && apt-get download -qq -o APT::Sandbox::User=root "$pkg=$DEBVER" >/dev/null) ||
			die "apt-get download $pkg=$DEBVER failed"
	done
	for deb in "$dl"/*.deb; do
		dpkg-deb -x "$deb" "$dir/root"
	done
	# The headers' Makefile includes the -common tree by absolute path.
	sed -i "s|/usr/src/linux-headers-$ABI-common|$dir/root/usr/src/linux-headers-$ABI-common|" \
		"$dir/root/usr/src/linux-headers-$KREL/Makefile"
	# The headers' scripts and tools are symlinks into the kbuild package's
	# absolute /usr/lib path: point them at the unpacked copy.
	find "$dir/root/usr/src" -type l -lname "/usr/lib/linux-kbuild-*" | while read -r l; do
		ln -sfn "$dir/root$(readlink "$l")" "$l"
	done
	mkdir -p "$dir/src"
	tar -C "$dir/src" -xf "$dir/root/usr/src/linux-source-6.12.tar.xz" --strip-components=1
	rm -rf "$dl" "$dir/root/usr/src/linux-source-6.12.tar.xz"
	echo "$KREL" >"$dir/.complete"
	ln -sfn "$dir" "$CACHE/current"
}

[ "${1:-}" = "--no-packages" ] || install_packages
resolve_version
mkdir -p "$CACHE"
fetch_kernel
ln -sfn "$CACHE/$KREL" "$CACHE/current"
# Rewritten only when it changes: Makefiles depend on its time stamp.
cat >"$CACHE/current.env.new" <<EOF
KREL=$KREL
KVER=$DEBVER
KCACHE=$CACHE/$KREL
KHDR=$CACHE/$KREL/root/usr/src/linux-headers-$KREL
KSRC=$CACHE/$KREL/src
KIMAGE=$CACHE/$KREL/root/boot/vmlinuz-$KREL
KMODS=$CACHE/$KREL/root/lib/modules/$KREL
EOF
if cmp -s "$CACHE/current.env.new" "$CACHE/current.env"; then
	rm -f "$CACHE/current.env.new"
else
	mv "$CACHE/current.env.new" "$CACHE/current.env"
fi
echo "setup: kernel $KREL ready in $CACHE/$KREL"
