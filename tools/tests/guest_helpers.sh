# SPDX-License-Identifier: GPL-2.0
# Helpers of the in-guest tool tests (sourced by their inner scripts in the
# lab guest, as /lab/guest_helpers.sh; POSIX sh).

# waitup IF: the VF may still be (re)initialising after "up": wait for it.
waitup() { i=0; until [ "$(cat /sys/class/net/$1/operstate)" = up ] || [ $i -ge 100 ]; do sleep 0.2; i=$((i+1)); done; }
# addvlan IF NAME VID: retried while the VF settles.
addvlan() { for t in 1 2 3 4 5 6 7 8 9; do ip link add link $1 name $2 type vlan id $3 2>/dev/null && return 0; sleep 0.5; done; ip link add link $1 name $2 type vlan id $3; }
# first_vf: the VF's netdev, once iavf finished probing (maybe after boot).
first_vf() {
	i=0; until ls /sys/class/net | grep -qv '^lo$' || [ $i -ge 150 ]; do sleep 0.2; i=$((i+1)); done
	ls /sys/class/net | grep -v '^lo$' | head -1
}
