#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Lab test (TAP): the emulated PF's fidelity to ice with the real iavf.
# VF 0 is offered VLAN V1 caps only (iavf-vf vlan=v1): iavf negotiates
# VIRTCHNL_VF_OFFLOAD_VLAN, its VLANs go out as ADD_VLAN, and once the
# untrusted VF is at its limit the PF answers SUCCESS without adding (ice).
# VF 1 (V2) gets a held ADD_VLAN_V2: the PF's dump says held=add_vlan_v2
# while the VID is not applied; it is applied when the reply is released.
# With apply=now the VID is applied at once while the reply is held.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
if ! make -s kernel >/dev/null 2>&1 || ! make -s -C lab >/dev/null 2>&1; then
	echo "not ok 1 - make kernel and make -C lab"
	exit 1
fi
QEMU=$(cat build/lab/qemu.path)
DEVS="$(lab/qemu/vf-devices.sh --vlan v1,v2 2)"
DEVS+=" -device iavf-pfctl,pf=pf0"
mkdir -p build/lab
lab/guest/run.sh --timeout 150 --qemu "$QEMU" --qemu-args "$DEVS" \
	--bin build/lab/pfctl --log build/lab/test-pf-fidelity.console \
	--file lab/qemu/test-pf-fidelity-guest.sh:/lab/test-pf-fidelity-guest.sh \
	-- sh /lab/test-pf-fidelity-guest.sh >build/lab/test-pf-fidelity.out
rc=$?
cat build/lab/test-pf-fidelity.out
grep -q '^not ok' build/lab/test-pf-fidelity.out && exit 1
grep -q '^1\.\.9$' build/lab/test-pf-fidelity.out || { echo "not ok - guest run incomplete (status $rc)"; exit 1; }
exit 0
