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
# shellcheck source=lab/qemu/test_lib.sh
. lab/qemu/test_lib.sh
guest_test test-pf-fidelity 150 9 --vlan v1,v2 2
