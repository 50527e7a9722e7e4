# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
#
# Shared by the lab/qemu host tests (bash): TAP counting, a bail-out with
# the log's tail, and the whole run of a test whose checks are all in one
# guest script (lab/qemu/NAME-guest.sh, with guest_tap.sh beside it).
# Source it from the repository root.

n=0
failed=0	# set by tap; the caller exits with it

tap() {	# tap STATUS DESCRIPTION
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=1
	fi
}

# bail DESCRIPTION: one failed check, the tail of $TMP/log, the plan; exit 1.
bail() {
	tap 1 "$1"
	sed 's/^/# /' "$TMP/log" 2>/dev/null | tail -n 30
	echo "1..$n"
	exit 1
}

# guest_test NAME TIMEOUT PLAN VF-DEVICES-ARGS...: build the driver and
# the lab, boot the guest with those VFs and the PF control device, run
# lab/qemu/NAME-guest.sh there, print its TAP (output and console in
# build/lab/NAME.*) and exit 1 on a failed check or a short run.
guest_test() {
	local name=$1 timeout=$2 plan=$3 devs rc out

	shift 3
	if ! make -s kernel >/dev/null 2>&1 || ! make -s -C lab >/dev/null 2>&1; then
		echo "not ok 1 - make kernel and make -C lab"
		exit 1
	fi
	devs="$(lab/qemu/vf-devices.sh "$@") -device iavf-pfctl,pf=pf0"
	out=build/lab/$name.out
	mkdir -p build/lab
	lab/guest/run.sh --timeout "$timeout" --qemu "$(cat build/lab/qemu.path)" \
		--qemu-args "$devs" --bin build/lab/pfctl --log "build/lab/$name.console" \
		--file lab/qemu/guest_tap.sh:/lab/guest_tap.sh \
		--file "lab/qemu/$name-guest.sh:/lab/$name-guest.sh" \
		-- sh "/lab/$name-guest.sh" >"$out"
	rc=$?
	cat "$out"
	grep -q '^not ok' "$out" && exit 1
	grep -q "^1\.\.$plan\$" "$out" || { echo "not ok - guest run incomplete (status $rc)"; exit 1; }
	exit 0
}
