# SPDX-License-Identifier: GPL-2.0
#
# The traced iavf's tracepoints (iavf_vlan_state, _vc, _updown) in a
# private tracefs instance, read into $ART/trace.log for the whole run.
# Only counted, per event name (the figures line, and the barrier the
# monitor must reach before the driver view is read, monitor.sh): what the
# driver did is read from the monitor's JSON, never from the trace's text.
# Sourced; needs lib.sh.

TRACEFS=${TRACEFS:-/sys/kernel/tracing}
TRACE_INST=$TRACEFS/instances/iavf_vlan_suite
TRACE_OK=0
TRACE_WHY="not started"
TRACE_PID=
TRACE_SYNC_N=0

# trace_start: trace our three events until the suite ends.
trace_start() {
	local ev

	if [ ! -d "$TRACEFS/events/iavf/iavf_vlan_state" ]; then
		TRACE_WHY="no iavf_vlan_state tracepoint (stock iavf, or tracefs not mounted)"
		return 1
	fi
	mkdir -p "$TRACE_INST" 2>/dev/null || { TRACE_WHY="cannot create $TRACE_INST"; return 1; }
	echo 8192 >"$TRACE_INST/buffer_size_kb"
	for ev in iavf_vlan_state iavf_vlan_vc iavf_updown; do
		echo 1 >"$TRACE_INST/events/iavf/$ev/enable" || { TRACE_WHY="cannot enable $ev"; return 1; }
	done
	: >"$ART/trace.log"
	cat "$TRACE_INST/trace_pipe" >>"$ART/trace.log" &
	TRACE_PID=$!
	TRACE_OK=1
	TRACE_WHY=
}

trace_stop() {
	[ -n "$TRACE_PID" ] && kill "$TRACE_PID" 2>/dev/null
	TRACE_PID=
	[ -d "$TRACE_INST" ] && echo 0 >"$TRACE_INST/events/enable" && rmdir "$TRACE_INST" 2>/dev/null
	return 0
}

# trace_sync: every event so far is in trace.log (a marker went through).
trace_sync() {
	local m

	[ "$TRACE_OK" = 1 ] || return 1
	TRACE_SYNC_N=$((TRACE_SYNC_N + 1))
	m="iavf-vlan-suite-sync-$$-$TRACE_SYNC_N"
	echo "$m" >"$TRACE_INST/trace_marker"
	busywait 5000 grep -qF "$m" "$ART/trace.log"
}

trace_lines() {
	wc -l <"$ART/trace.log"
}

# trace_state_events: iavf_vlan_state events so far.
trace_state_events() {
	grep -c 'iavf_vlan_state:' "$ART/trace.log"
}

# Events lost by the ring buffer: the counts are then short.
trace_overruns() {
	cat "$TRACE_INST"/per_cpu/cpu*/stats 2>/dev/null | awk '/^overrun:/ { n += $2 } END { print n + 0 }'
}

# trace_counts FROM_LINE: "state vc updown" events after FROM_LINE.
trace_counts() {
	tail -n +"$(($1 + 1))" "$ART/trace.log" |
		awk '/iavf_vlan_state:/ { s++ } /iavf_vlan_vc:/ { v++ } /iavf_updown:/ { u++ }
		     END { print s + 0, v + 0, u + 0 }'
}
