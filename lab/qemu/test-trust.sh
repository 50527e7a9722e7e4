#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Lab test (TAP): an untrusted VF is held to 8 VLANs, a 9th is refused;
# once the PF trusts it (a VF reset), its filters come back and a 9th VLAN
# is accepted. Checked through the tracepoints and the PF's dump.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
if ! make -s kernel >/dev/null 2>&1 || ! make -s -C lab >/dev/null 2>&1; then
	echo "not ok 1 - make kernel and make -C lab"
	exit 1
fi
QEMU=$(cat build/lab/qemu.path)
DEVS="$(lab/qemu/vf-devices.sh 2)"
DEVS+=" -device iavf-pfctl,pf=pf0"
mkdir -p build/lab
lab/guest/run.sh --timeout 120 --qemu "$QEMU" --qemu-args "$DEVS" \
	--bin build/lab/pfctl --log build/lab/test-trust.console \
	--file lab/qemu/test-trust-guest.sh:/lab/test-trust-guest.sh \
	-- sh /lab/test-trust-guest.sh >build/lab/test-trust.out
rc=$?
cat build/lab/test-trust.out
grep -q '^not ok' build/lab/test-trust.out && exit 1
grep -q '^1\.\.7$' build/lab/test-trust.out || { echo "not ok - guest run incomplete (status $rc)"; exit 1; }
exit 0
