# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
# Shared by the lab/qemu guest scripts (busybox sh), as /lab/guest_tap.sh:
# TAP counting and a bounded wait.
n=0
tap() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
wait_for() {	# wait_for SECONDS COMMAND...
	i=$(($1 * 10)); shift
	while [ $i -gt 0 ]; do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; i=$((i - 1)); done
	return 1
}
