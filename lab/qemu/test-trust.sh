#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Lab test (TAP): an untrusted VF is held to 8 VLANs, a 9th is refused;
# once the PF trusts it (a VF reset), its filters come back and a 9th VLAN
# is accepted. Checked through the tracepoints and the PF's dump.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
# shellcheck source=lab/qemu/test_lib.sh
. lab/qemu/test_lib.sh
guest_test test-trust 120 7 2
