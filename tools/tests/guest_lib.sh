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
