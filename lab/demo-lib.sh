# SPDX-License-Identifier: GPL-2.0
# Helpers of the demo scenarios in the lab guest (sourced as
# /lab/demo-lib.sh by lab/demo-guest.sh and lab/demo-before-guest.sh; sh).

step() { sleep 1; echo; echo "=== $*"; }
# iavf_devs: the netdevs iavf drives, one a line.
iavf_devs() {
	for d in /sys/class/net/*; do
		[ "$(basename "$(readlink "$d/device/driver" 2>/dev/null)")" = iavf ] &&
			echo "${d##*/}"
	done
}
wait_for() {	# wait_for SECONDS COMMAND...: poll instead of sleeping blind
	n=$(($1 * 10)); shift
	while [ $n -gt 0 ]; do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; n=$((n - 1)); done
	return 1
}
pci_of() { basename "$(readlink "/sys/class/net/$1/device")"; }
# vf_of DEV: the PF's VF number of a netdev (the pfctl dump line with its MAC).
vf_of() {
	pfctl dump | awk -v m="mac=$(cat "/sys/class/net/$1/address")" '
		{ for (i = 1; i <= NF; i++) if ($i == m) for (j = 1; j <= NF; j++)
			if ($j ~ /^vf=/) { sub(/^vf=/, "", $j); print $j; exit } }'
}
# name DEV: how a demo refers to a VF everywhere.
name() { echo "$1 (VF $(vf_of "$1"), $(pci_of "$1"))"; }
