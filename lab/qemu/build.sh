#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the lab's QEMU: Debian's current qemu source package, Debian's own
# patches, our lab/qemu/iavf-vf.patch (the PCIe glue of the emulated iavf VF)
# and the device model core from lab/vfmodel/, configured TCG-only for
# x86_64 with a minimal device list. The binary is cached outside the git
# tree by a hash of (qemu source version, our patch, model core sources,
# configure flags); the configured build tree is kept so that a change of our
# sources only costs an incremental ninja run.
#
# Usage: lab/qemu/build.sh            prints the binary's path as last line
# Environment: IAVF_VLANTRACE_CACHE (default /var/cache/iavf-vlantrace),
#              V=1 for progress on stderr, JOBS (default 2),
#              KEEP_BINS (cached binaries kept, default 8).
#        lab/qemu/build.sh --save-patch
#              after editing hw/net/iavf_vf.c (or the wiring) in the work
#              tree $CACHE/qemu/tree/<version>: writes the tree's changes
#              back into lab/qemu/iavf-vf.patch.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
LAB=$(dirname "$HERE")
CACHE=${IAVF_VLANTRACE_CACHE:-/var/cache/iavf-vlantrace}/qemu
JOBS=${JOBS:-2}
PATCH=$HERE/iavf-vf.patch
DEVICES_MAK=$HERE/iavf-lab.mak
VFMODEL=$LAB/vfmodel
SRC_LIST=/etc/apt/sources.list.d/iavf-vlantrace-src.sources

# The kernel source provides include/linux/avf/virtchnl.h to the model core.
if [ -f "${IAVF_VLANTRACE_CACHE:-/var/cache/iavf-vlantrace}/current.env" ]; then
	# shellcheck disable=SC1091
	. "${IAVF_VLANTRACE_CACHE:-/var/cache/iavf-vlantrace}/current.env"
fi
KSRC=${KSRC:-}

CONFIGURE_FLAGS=(
	--target-list=x86_64-softmmu
	--without-default-features --without-default-devices
	--with-devices-x86_64=iavf-lab
	--disable-docs --disable-user --disable-tools --disable-guest-agent
	--disable-werror --disable-debug-info --disable-kvm --enable-tcg
	--audio-drv-list=
)

die() { echo "qemu-build: $*" >&2; exit 1; }
log() { [ "${V:-0}" = 1 ] && echo "qemu-build: $*" >&2 || true; }
run() { if [ "${V:-0}" = 1 ]; then "$@" >&2; else "$@" >/dev/null; fi; }

[ "$(id -u)" = 0 ] || die "must run as root (apt sources and $CACHE)"

# A deb-src twin of every enabled deb822 stanza that serves a bookworm suite
# and has no deb-src yet; the hosts come from the machine's own sources.
ensure_deb_src() {
	local f have=0
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
		 /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		grep -Eq '^[[:space:]]*(deb-src[[:space:]].*bookworm|Types:.*deb-src)' "$f" && have=1
	done
	[ "$have" = 1 ] && return 0
	{
		for f in /etc/apt/sources.list.d/*.sources; do
			[ -f "$f" ] || continue
			awk 'BEGIN { RS = ""; ORS = "\n\n" }
			     /(^|\n)Types:[^\n]*deb/ && /(^|\n)Suites:[^\n]*bookworm/ &&
			     !/(^|\n)Enabled:[[:space:]]*no/ {
				sub(/(^|\n)Types:[^\n]*/, "\nTypes: deb-src"); sub(/^\n/, ""); print }' "$f"
		done
		# One-line style entries become a deb822 stanza each.
		for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
			[ -f "$f" ] || continue
			awk '$1 == "deb" && $0 ~ /bookworm/ {
				i = 2; opts = ""
				if ($2 ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
				printf "Types: deb-src\nURIs: %s\nSuites: %s\nComponents:", $i, $(i + 1)
				for (j = i + 2; j <= NF; j++) printf " %s", $j
				printf "\n\n" }' "$f"
		done
	} >"$SRC_LIST.tmp"
	[ -s "$SRC_LIST.tmp" ] || { rm -f "$SRC_LIST.tmp"; die "no bookworm deb entry to mirror as deb-src"; }
	mv "$SRC_LIST.tmp" "$SRC_LIST"
	log "added $SRC_LIST"
	run apt-get update -qq
}

# The current source version of qemu in the registry (e.g. 1:7.2+dfsg-7+deb12u18).
source_version() {
	local v
	v=$(apt-cache showsrc qemu 2>/dev/null | awk '/^Version:/ {print $2}' | sort -V | tail -1)
	if [ -z "$v" ]; then
		run apt-get update -qq
		v=$(apt-cache showsrc qemu 2>/dev/null | awk '/^Version:/ {print $2}' | sort -V | tail -1)
	fi
	[ -n "$v" ] || die "apt-cache showsrc qemu: no source version offered"
	echo "$v"
}

# Unpacked source with Debian's patches applied (dpkg-source -x does that),
# kept pristine: our patch goes into a copy-free "build tree" below.
fetch_source() {
	local ver=$1 dir=$CACHE/src/$2 dl
	if [ -f "$dir/.complete" ]; then
		echo "$dir"
		return 0
	fi
	rm -rf "$dir"
	dl=$CACHE/dl/$2
	mkdir -p "$dl"
	if ! (cd "$dl" && run apt-get source -qq --download-only -o APT::Sandbox::User=root "qemu=$ver"); then
		rm -rf "$dl"
		return 1
	fi
	mkdir -p "$(dirname "$dir")"
	run dpkg-source --no-copy -x "$dl"/qemu_*.dsc "$dir" || die "dpkg-source -x failed"
	touch "$dir/.complete"
	echo "$dir"
}

# The model core compiled into QEMU, as paths relative to lab/vfmodel: its
# top-level sources and the kshim/ headers (tests/ and fuzz/ stay out).
# VFMODEL_DIR overrides the directory, for bring-up.
# The .c files are CORE_SRCS of lab/vfmodel/Makefile when it names them.
core_files() {
	local dir=${VFMODEL_DIR:-$VFMODEL} srcs
	# the CORE_SRCS assignment, continuation lines included
	srcs=$(awk '/^CORE_SRCS[[:space:]]*:?=/ { on = 1; sub(/^CORE_SRCS[[:space:]]*:?=/, "") }
		on { cont = sub(/\\$/, ""); print; if (!cont) exit }' "$dir/Makefile" 2>/dev/null || true)
	(cd "$dir" && {
		if [ -n "$srcs" ]; then printf '%s\n' $srcs; else find . -maxdepth 1 -type f -name '*.c'; fi
		find . -maxdepth 1 -type f -name '*.h'
		find kshim -type f -name '*.h' 2>/dev/null
	}) | sed 's#^\./##' | LC_ALL=C sort
}

VIRTCHNL_H=${KSRC:+$KSRC/include/linux/avf/virtchnl.h}

input_hash() {
	local ver=$1
	{
		echo "qemu $ver"
		echo "flags ${CONFIGURE_FLAGS[*]}"
		sha256sum "$PATCH" "$DEVICES_MAK" "$0" | awk '{print $1}'
		core_files | while read -r f; do
			echo "$f $(sha256sum <"${VFMODEL_DIR:-$VFMODEL}/$f" | cut -c1-64)"
		done
		echo "virtchnl.h $(sha256sum <"$VIRTCHNL_H" | cut -c1-64)"
	} | sha256sum | cut -c1-16
}

# Apply our patch to the work tree, replacing an older version of it. The
# tree is a hard-link copy of the pristine source; patch(1) writes new files
# so the pristine copy stays untouched.
sync_patch() {
	local tree=$1 applied=$1/.iavf-vf.patch.applied
	if [ -f "$applied" ] && cmp -s "$applied" "$PATCH"; then
		return 0
	fi
	if [ -f "$applied" ]; then
		log "reverting the previous iavf-vf.patch"
		(cd "$tree" && patch -R -p1 -s --no-backup-if-mismatch <"$applied") ||
			return 1
		rm -f "$applied"
	fi
	log "applying iavf-vf.patch"
	(cd "$tree" && patch -p1 -s --no-backup-if-mismatch <"$PATCH") || return 1
	cp "$PATCH" "$applied"
}

# Copy a file only if its content changed, so ninja sees a new mtime exactly
# when there is something to rebuild.
install_changed() {
	cmp -s "$1" "$2" && return 0
	rm -f "$2"
	cp "$1" "$2"
}

# The core goes to hw/net/iavf_vfmodel/ as a static library of its own: it
# needs its kshim/ include path, which QEMU's source sets cannot give per
# file. virtchnl.h is taken from the kernel source at build time.
sync_core() {
	local tree=$1 dir=${VFMODEL_DIR:-$VFMODEL} dst=$1/hw/net/iavf_vfmodel
	local f srcs=() meson
	[ -f "$VIRTCHNL_H" ] || die "no virtchnl.h (KSRC unset or lab/setup.sh not run)"
	mkdir -p "$dst"
	(cd "$dst" && find . -type f \( -name '*.[ch]' -o -name meson.build \)) | sed 's#^\./##' |
		while read -r f; do
			case $f in meson.build | kshim/linux/avf/virtchnl.h) continue ;; esac
			core_files | grep -qxF "$f" || rm -f "$dst/$f"
		done
	while read -r f; do
		mkdir -p "$(dirname "$dst/$f")"
		install_changed "$dir/$f" "$dst/$f"
		case $f in */*) ;; *.c) srcs+=("'$f'") ;; esac
	done < <(core_files)
	[ ${#srcs[@]} -gt 0 ] || die "no model core sources in $dir"
	mkdir -p "$dst/kshim/linux/avf"
	install_changed "$VIRTCHNL_H" "$dst/kshim/linux/avf/virtchnl.h"
	meson=$(mktemp)
	cat >"$meson" <<-EOM
	# generated by lab/qemu/build.sh from lab/vfmodel: do not edit
	iavf_vfmodel_lib = static_library('iavf_vfmodel',
	  files($(IFS=,; echo "${srcs[*]}")),
	  include_directories: include_directories('kshim'),
	  build_by_default: false)
	softmmu_ss.add(when: 'CONFIG_IAVF_VF',
	  if_true: declare_dependency(link_with: iavf_vfmodel_lib))
	EOM
	install_changed "$meson" "$dst/meson.build"
	rm -f "$meson"
	install_changed "$DEVICES_MAK" "$tree/configs/devices/x86_64-softmmu/iavf-lab.mak"
}

prepare_tree() {
	local src=$1 tree=$CACHE/tree/$2
	if [ ! -f "$tree/.complete" ] || ! sync_patch "$tree"; then
		log "new work tree $tree"
		rm -rf "$tree"
		mkdir -p "$CACHE/tree"
		cp -al "$src" "$tree"
		rm -f "$tree/.complete"
		touch "$tree/.complete"
		sync_patch "$tree" || die "lab/qemu/iavf-vf.patch does not apply to qemu $2"
	fi
	sync_core "$tree"
	echo "$tree"
}

configure_build() {
	local tree=$1 bdir=$CACHE/build/$2 stamp
	stamp=$(echo "$tree ${CONFIGURE_FLAGS[*]}" | sha256sum | cut -c1-16)
	if [ ! -f "$bdir/.iavf-configured" ] || [ "$(cat "$bdir/.iavf-configured")" != "$stamp" ]; then
		log "configuring in $bdir"
		rm -rf "$bdir"
		mkdir -p "$bdir"
		(cd "$bdir" && run "$tree/configure" "${CONFIGURE_FLAGS[@]}") ||
			die "configure failed (see $bdir/meson-logs/meson-log.txt)"
		echo "$stamp" >"$bdir/.iavf-configured"
	fi
	echo "$bdir"
}

# Save the work tree's changes (outside the copied-in model core) back into
# lab/qemu/iavf-vf.patch: edit the glue in the tree, build, then save.
save_patch() {
	local ver=$1 id=$2 re
	re=$(printf '%s' "$id" | sed 's/[.+~]/\\&/g')
	(cd "$CACHE" && diff -ruN \
		--exclude=iavf_vfmodel --exclude=iavf-lab.mak \
		--exclude=.complete --exclude=.iavf-vf.patch.applied \
		"src/$id" "tree/$id" || [ $? = 1 ]) |
		sed -E -e "/^diff -ruN /d" \
		       -e "s#^--- src/$re/([^\t]*).*#--- a/\1#" \
		       -e "s#^\+\+\+ tree/$re/([^\t]*).*#+++ b/\1#" >"$PATCH.new"
	[ -s "$PATCH.new" ] || { rm -f "$PATCH.new"; die "no changes in tree/$id"; }
	mv "$PATCH.new" "$PATCH"
	cp "$PATCH" "$CACHE/tree/$id/.iavf-vf.patch.applied"
	echo "saved $PATCH (qemu $ver)" >&2
}

# Keep the newest KEEP_BINS cached binaries (9 MB each).
prune_bins() {
	ls -1dt "$CACHE"/bin/*/ 2>/dev/null | tail -n +$((${KEEP_BINS:-8} + 1)) |
		while read -r d; do rm -rf "$d"; done
}

main() {
	local ver id hash bin src tree bdir t0
	t0=$(date +%s)
	ensure_deb_src
	ver=$(source_version)
	id=${ver#*:}
	if [ "${1:-}" = "--save-patch" ]; then
		save_patch "$ver" "$id"
		return 0
	fi
	[ -f "$PATCH" ] || die "missing $PATCH"
	hash=$(input_hash "$ver")
	bin=$CACHE/bin/$hash/qemu-system-x86_64
	if [ -x "$bin" ]; then
		log "cached: $bin"
		echo "$bin"
		return 0
	fi
	# One build at a time per cache (several agents run make lab); the
	# winner's binary may be the one we need.
	mkdir -p "$CACHE"
	exec 9>"$CACHE/.lock"
	flock 9
	if [ -x "$bin" ]; then
		echo "$bin"
		return 0
	fi
	if ! src=$(fetch_source "$ver" "$id"); then
		# Superseded source versions vanish from the registry: refresh
		# the lists and take the current one.
		log "qemu=$ver not downloadable, apt-get update"
		run apt-get update -qq || true
		ver=$(source_version)
		id=${ver#*:}
		hash=$(input_hash "$ver")
		bin=$CACHE/bin/$hash/qemu-system-x86_64
		if [ -x "$bin" ]; then
			echo "$bin"
			return 0
		fi
		src=$(fetch_source "$ver" "$id") || die "apt-get source qemu=$ver failed"
	fi
	tree=$(prepare_tree "$src" "$id")
	bdir=$(configure_build "$tree" "$id")
	log "building in $bdir"
	(cd "$bdir" && run ninja -j"$JOBS" qemu-system-x86_64) ||
		die "build failed; rerun with V=1 (build dir $bdir)"
	mkdir -p "${bin%/*}"
	cp "$bdir/qemu-system-x86_64" "$bin.tmp"
	mv "$bin.tmp" "$bin"
	prune_bins
	log "built in $(($(date +%s) - t0)) s"
	echo "$bin"
}

main "$@"
