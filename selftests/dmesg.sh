# SPDX-License-Identifier: GPL-2.0
#
# The dmesg group (case 52): the kernel log of the whole run holds no
# warning, BUG, stall or watchdog timeout. The only group that reads the
# kernel log; nothing else does.
CASES+=(
"52|dmesg|dmesg_clean|no call traces / BUGs / stalls"
)

DMESG_BAD_RE='NETDEV WATCHDOG|transmit queue [0-9]+ timed out|WARNING:|BUG:|Oops|Call Trace|rcu_sched self-detected stall|rcu: INFO|stall on CPU|soft lockup|hung_task|blocked for more than|general protection|kernel BUG'

dmesg_clean() {
	local start bad

	start=$(cat "$ART/dmesg.start" 2>/dev/null || echo 0)
	dmesg >"$ART/dmesg.txt" 2>&1 || skip "cannot read the kernel log"
	bad=$(tail -n +"$((start + 1))" "$ART/dmesg.txt" | grep -E "$DMESG_BAD_RE" | head -n 20)
	if [ -n "$bad" ]; then
		fail "kernel log has warnings/BUGs/stalls:"
		diag "$bad"
	fi
}
