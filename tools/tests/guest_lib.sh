# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2034
# The shared set-up of the in-guest tool tests (sourced by guest_*.sh and
# bench_lab.sh; bash): ROOT, BUILD, IVT, QEMU, LAB_KERNEL (exported), a
# scratch folder T removed on exit (named after GUEST_TEST), the TAP
# counters with ok(), and guest_env, which loads the lab kernel's env file
# (KVER, KREL, IAVF_DRIVER, ...) or returns 1 when it is not set up.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${BUILD:-$ROOT/build}
IVT=$BUILD/tools/iavf-vlantrace
QEMU=${LAB_QEMU:-$(cat "$BUILD/lab/qemu.path" 2>/dev/null)}
export LAB_KERNEL=${LAB_KERNEL:-6.12-traced}
T=$(mktemp -d "/tmp/ivt-${GUEST_TEST:-guest}.XXXXXX")
trap 'rm -rf "$T"' EXIT
n=0 failed=0

# ok STATUS TEXT: one TAP line (TAP_PREFIX before the text)
ok() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - ${TAP_PREFIX:-}$2"
	else
		echo "not ok $n - ${TAP_PREFIX:-}$2"
		failed=$((failed + 1))
	fi
}

guest_env() {
	local env

	env=$("$ROOT/lab/kernel-env.sh") || return 1
	# shellcheck disable=SC1090
	. "$env"
}

ONE_VF="-device pcie-root-port,id=rp0,chassis=1 -device iavf-vf,bus=rp0"

# guest_run TIMEOUT QEMU-ARGS CMD [RUN.SH-ARGS...]: the lab guest with the
# tool and guest_helpers.sh in /lab, and whatever RUN.SH-ARGS add (--bin,
# --file), runs CMD; its output in $T/out and $T/err. Returns run.sh's
# status.
guest_run() {
	local timeout=$1 qargs=$2 cmd=$3

	shift 3
	"$ROOT/lab/guest/run.sh" --qemu "$QEMU" --qemu-args "$qargs" --timeout "$timeout" \
		--bin "$IVT" --file "$ROOT/tools/tests/guest_helpers.sh" "$@" "$cmd" \
		>"$T/out" 2>"$T/err"
}

# section NAME: the guest's output between "@@ NAME" and the next "@@ ".
section() { awk -v s="@@ $1" '$0 == s {p = 1; next} /^@@ / {p = 0} p' "$T/out"; }

# guest_done LINES: on a failure, the last LINES of the guest's output and
# its last errors; then the plan; the status.
guest_done() {
	if [ "$failed" -gt 0 ]; then
		sed 's/^/# /' "$T/out" | tail -n "$1"
		sed 's/^/# err: /' "$T/err" | tail -n 10
	fi
	echo "1..$n"
	[ "$failed" = 0 ]
}
