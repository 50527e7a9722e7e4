#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs the VLAN state suite in the lab: one QEMU guest (lab/guest/run.sh,
# Debian's kernel, our traced iavf.ko) with two emulated iavf VFs of one
# emulated PF, and that PF's control function (iavf-pfctl) for pfctl. Prints the guest's KTAP stream, then a summary
# line; artefacts (trace log, monitor log, dmesg, console) go to
# build/selftests/artefacts/.
#
# Usage: selftests/lab_suite.sh [SELECTOR...]   (or TESTS=..., see
#        selftests/vlan_state.sh --help)
# Environment: LAB_KERNEL (lab/kernels.txt, default 6.12-traced), EXPECT=1
#   to judge that kernel's known failures (selftests/expect/LAB_KERNEL.txt:
#   XFAIL when the audit explains them), STORM_SEEDS (the storm group's
#   seeds), KERNEL_FIXES=0 (the traced driver without our fixes),
#   SUITE_MONITOR_MODE (auto, tp_btf, raw_tp, fentry or none), QEMU (default
#   build/lab/qemu-system-x86_64), IVT (default build/tools/iavf-vlantrace
#   when built), SUITE_TIMEOUT (seconds, default 2400), ARTDIR (default
#   build/selftests/artefacts).
# Exit: the suite's (0 passed, 1 failed, 4 all skipped), 2 when the lab
#   could not run it.
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
ARTDIR=${ARTDIR:-$BUILD/selftests/artefacts}
SUITE_TIMEOUT=${SUITE_TIMEOUT:-2400}

die() { echo "lab_suite.sh: $*" >&2; exit 2; }

QEMU=${QEMU:-$BUILD/lab/qemu-system-x86_64}
if [ ! -x "$QEMU" ] && [ -r "$BUILD/lab/qemu.path" ]; then
	QEMU=$(cat "$BUILD/lab/qemu.path")
fi
[ -x "$QEMU" ] || die "no lab QEMU at $QEMU (make lab)"
PFCTL=$BUILD/lab/pfctl
[ -x "$PFCTL" ] || die "no $PFCTL (make lab)"
IVT=${IVT:-$BUILD/tools/iavf-vlantrace}
LAB_KERNEL=${LAB_KERNEL:-6.12-traced}
GUEST_EXPECT=
if [ "${EXPECT:-0}" = 1 ]; then
	expect=$LAB_KERNEL
	[ "${KERNEL_FIXES:-1}" = 1 ] || expect=$expect-nofix
	[ -r "$HERE/expect/$expect.txt" ] || die "EXPECT=1 but no selftests/expect/$expect.txt"
	GUEST_EXPECT=/lab/selftests/expect/$expect.txt
fi

TESTS_SEL=${TESTS:-}
if [ $# -gt 0 ]; then
	TESTS_SEL=$(printf '%s,' "$@")
	TESTS_SEL=${TESTS_SEL%,}
fi
# An unknown selector is a usage error here, before a guest boots.
if [ -n "$TESTS_SEL" ]; then
	TESTS="$TESTS_SEL" bash "$HERE/vlan_state.sh" -c >/dev/null || exit 2
fi

mkdir -p "$ARTDIR"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
printf '%s\n' "$TESTS_SEL" >"$TMP/tests"

RUN=(--qemu "$QEMU" --timeout "$SUITE_TIMEOUT" --log "$ARTDIR/console.log"
     --bin ip --bin bash --file "$PFCTL:/usr/bin/pfctl"
     --file "$HERE:/lab/selftests" --file "$TMP/tests:/lab/tests")
GUEST_IVT=
if [ -x "$IVT" ]; then
	RUN+=(--bin "$IVT")
	GUEST_IVT=/usr/bin/$(basename "$IVT")
fi
DEVS="$("$ROOT/lab/qemu/vf-devices.sh" 2) -device iavf-pfctl,pf=pf0"
RUN+=(--qemu-args "$DEVS")

# In the guest: the suite runs, and the artefacts come back through stdout, gzip+base64 framed.
GUEST_CMD='
mkdir -p /var/run/netns /run/netns
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
export PF_BACKEND=lab ART=/tmp/art TESTS_FILE=/lab/tests IVT='"$GUEST_IVT"' SUITE_EXPECT='"$GUEST_EXPECT"' STORM_SEEDS="'"${STORM_SEEDS:-1 2 3}"'" SUITE_MONITOR_MODE='"${SUITE_MONITOR_MODE:-auto}"' STORM_REJECT='"${STORM_REJECT:-1}"'
bash /lab/selftests/vlan_state.sh
rc=$?
for f in trace.log monitor.jsonl monitor.err dmesg.txt; do
	[ -f /tmp/art/$f ] || continue
	echo "@@ARTEFACT $f@@"
	gzip -c /tmp/art/$f | base64
	echo "@@ARTEFACT-END@@"
done
exit $rc'

t0=$(date +%s)
"$ROOT/lab/guest/run.sh" "${RUN[@]}" -- "$GUEST_CMD" >"$TMP/out"
rc=$?
t1=$(date +%s)

# KTAP to stdout, artefacts to files.
python3 - "$TMP/out" "$ARTDIR" <<'PYEOF'
import base64, gzip, sys
lines = open(sys.argv[1], 'rb').read().decode('utf-8', 'replace').split('\n')
name, buf = None, []
for l in lines:
    if name is None and l.startswith('@@ARTEFACT ') and l.endswith('@@'):
        name, buf = l[len('@@ARTEFACT '):-2], []
    elif name is not None and l == '@@ARTEFACT-END@@':
        try:
            data = gzip.decompress(base64.b64decode(''.join(buf)))
            open(sys.argv[2] + '/' + name, 'wb').write(data)
        except Exception as e:
            print('# artefact %s unreadable: %s' % (name, e))
        name = None
    elif name is not None:
        buf.append(l)
    elif l:
        print(l)
PYEOF

pass=$(grep -cE '^ok [0-9]+' "$TMP/out")
skipn=$(grep -cE '^ok [0-9]+ .*# SKIP' "$TMP/out")
xfailn=$(grep -cE '^ok [0-9]+ .*# XFAIL' "$TMP/out")
failn=$(grep -cE '^not ok [0-9]+' "$TMP/out")
echo "# suite ($LAB_KERNEL): $((pass - skipn - xfailn)) passed, $failn failed, $skipn skipped, $xfailn known failures detected (xfail); total $((t1 - t0)) s (boot included); artefacts in $ARTDIR"
case "$rc" in
0|1|4) exit "$rc" ;;
*) echo "# suite: the lab guest failed (run.sh status $rc)"; exit 2 ;;
esac
