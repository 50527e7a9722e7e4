#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench-lab: the tool's costs measured in the lab guest, on the real
# driver (LAB_KERNEL, default 6.12-traced: tp_btf and fentry modes).
#   - audit wall time, exec to exit, per mode (median of AUDITS runs), with
#     2 VFs and 16 filters: "audit wall time: 143 ms (mode fentry, 2 VFs,
#     16 filters)";
#   - driver overhead: N (512) VLANs added and then deleted on a trusted VF,
#     settled on the PF, with no tool and with the monitor in each mode,
#     as a ratio to the no-tool median of the same run: "driver overhead,
#     512 VLAN add+del, fentry: 1.04x". The no-tool runs' spread is printed
#     as the noise.
# Figures, not assertions: the lab is TCG (-smp 1) on a shared host, so the
# guest's clock runs at the emulator's pace; ratios within one run are what
# carries over.
#
# Usage: [LAB_KERNEL=NAME] [AUDITS=5] [N=512] [ROUNDS=2] tools/tests/bench_lab.sh
# Needs: make setup kernel tools lab; exit 1 when the guest run fails.
set -u
GUEST_TEST=bench
# shellcheck source=tools/tests/guest_lib.sh
. "$(dirname "$0")/guest_lib.sh"
guest_env || { echo "bench-lab: $LAB_KERNEL is not set up (make setup LAB_KERNEL=$LAB_KERNEL)" >&2; exit 1; }
MODES="fentry"
[ "$IAVF_DRIVER" = traced ] && MODES="tp_btf fentry"
for f in "$IVT" "$QEMU" "$BUILD/tools/tests/walltime" "$BUILD/lab/pfctl"; do
	[ -x "$f" ] || { echo "bench-lab: $f missing (make tools lab; make -C tools walltime)" >&2; exit 1; }
done
echo "# bench-lab: kernel $KREL, iavf $IAVF_DRIVER (lab kernel $LAB_KERNEL), TCG guest; modes: $MODES" >&2
guest_run "${BENCH_TIMEOUT:-1800}" "$("$ROOT/lab/qemu/vf-devices.sh" 2) -device iavf-pfctl,pf=pf0" \
	"MODES='$MODES' AUDITS='${AUDITS:-5}' N='${N:-512}' ROUNDS='${ROUNDS:-2}' sh /lab/bench_lab_guest.sh" \
	--bin "$BUILD/tools/tests/walltime" --bin "$BUILD/lab/pfctl" --file "$ROOT/tools/tests/bench_lab_guest.sh"
rc=$?
if [ $rc != 0 ] || ! grep -q '^@@ end' "$T/out"; then
	echo "bench-lab: the guest run failed (run.sh exit $rc)" >&2
	tail -n 30 "$T/out" "$T/err" >&2
	exit 1
fi
python3 "$ROOT/tools/tests/bench_lab_report.py" "$T/out" "${N:-512}"
